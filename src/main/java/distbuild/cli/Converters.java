package distbuild.cli;

import distbuild.model.ByteSizes;
import distbuild.model.InvalidInputException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine;

/** Option types picocli does not know: HOST:PORT addresses and durations like 100ms or 5s. */
final class Converters {
    private Converters() {}

    static final class Address implements CommandLine.ITypeConverter<InetSocketAddress> {
        @Override
        public InetSocketAddress convert(String value) {
            int colon = value.lastIndexOf(':');
            if (colon < 0) {
                throw new CommandLine.TypeConversionException("expected HOST:PORT (like 127.0.0.1:7000), got '" + value + "'");
            }
            String host = value.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port;
            try {
                port = Integer.parseInt(value.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("the port in '" + value + "' is not a number");
            }
            if (port < 0 || port > 65535) {
                throw new CommandLine.TypeConversionException("the port in '" + value + "' is out of range");
            }
            return InetSocketAddress.createUnresolved(host.isEmpty() ? "0.0.0.0" : host, port);
        }
    }

    static final class Time implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String text = value.trim().toLowerCase(Locale.ROOT);
            try {
                if (text.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
                }
                if (text.endsWith("s")) {
                    return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
                }
                if (text.endsWith("m")) {
                    return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
                }
                if (text.endsWith("h")) {
                    return Duration.ofHours(Long.parseLong(text.substring(0, text.length() - 1)));
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new CommandLine.TypeConversionException("expected a duration like 100ms, 5s, 2m or 1h, got '" + value + "'");
        }
    }

    /** Sizes in bytes: 4096, 512K, 200M, 20G, 1T (powers of 1024). */
    static final class Size implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                long bytes = ByteSizes.parse(value);
                if (bytes > 0) {
                    return bytes;
                }
            } catch (InvalidInputException e) {
                // reported below
            }
            throw new CommandLine.TypeConversionException("expected a size like 512M, 20G or 1T, got '" + value + "'");
        }
    }
}
