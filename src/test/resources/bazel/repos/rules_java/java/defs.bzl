# rules_java for an offline Bazel 4.2: the native rules under the names its tools load.
java_binary = native.java_binary
java_library = native.java_library
java_import = native.java_import
java_test = native.java_test
java_toolchain = native.java_toolchain
java_runtime = native.java_runtime
java_plugin = native.java_plugin
java_proto_library = native.java_proto_library
java_lite_proto_library = native.java_lite_proto_library
java_package_configuration = native.java_package_configuration
