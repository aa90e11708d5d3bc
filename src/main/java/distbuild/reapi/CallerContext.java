package distbuild.reapi;

import build.bazel.remote.execution.v2.RequestMetadata;
import distbuild.security.AccessDeniedException;
import distbuild.security.Gate;
import distbuild.security.Role;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.protobuf.ProtoUtils;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Set;

/**
 * Every call's gate and name: the client role's token is required as a bearer credential (what
 * Bazel's {@code --remote_header=authorization=Bearer ...} sends) whenever the coordinator has
 * credentials; and who called, as builds are named on the dashboard and shared fairly: the host it
 * came from, and the tool and invocation its request metadata names.
 */
final class CallerContext implements ServerInterceptor {
    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<RequestMetadata> REQUEST_METADATA = ProtoUtils.keyForProto(RequestMetadata.getDefaultInstance());
    private static final Context.Key<String> SUBMITTER = Context.key("distbuild-submitter");

    private final Gate gate;

    CallerContext(Gate gate) {
        this.gate = gate;
    }

    /** Who sent the call being served, as a build's submitter: {@code HOST (bazel 4.2.3, invocation 1a2b3c4d)}. */
    static String submitter() {
        String submitter = SUBMITTER.get();
        return submitter == null ? "reapi" : submitter;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        try {
            gate.admit(headers.get(AUTHORIZATION), Set.of(Role.CLIENT));
        } catch (AccessDeniedException e) {
            // Who are you (no token, or an unknown one), or not you (a token of another role).
            call.close((e.authenticated() ? Status.PERMISSION_DENIED : Status.UNAUTHENTICATED).withDescription(e.getMessage()),
                    new Metadata());
            return new ServerCall.Listener<>() {};
        }
        StringBuilder submitter = new StringBuilder(host(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR)));
        RequestMetadata metadata = null;
        try {
            metadata = headers.get(REQUEST_METADATA);
        } catch (RuntimeException malformed) {
            // only a name is lost
        }
        if (metadata != null && metadata.hasToolDetails()) {
            submitter.append(" (").append(metadata.getToolDetails().getToolName()).append(' ')
                    .append(metadata.getToolDetails().getToolVersion());
            if (!metadata.getToolInvocationId().isEmpty()) {
                submitter.append(", invocation ").append(metadata.getToolInvocationId(), 0,
                        Math.min(8, metadata.getToolInvocationId().length()));
            }
            submitter.append(')');
        }
        Context context = Context.current().withValue(SUBMITTER, submitter.toString());
        return Contexts.interceptCall(context, call, headers, next);
    }

    private static String host(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : "reapi";
    }
}
