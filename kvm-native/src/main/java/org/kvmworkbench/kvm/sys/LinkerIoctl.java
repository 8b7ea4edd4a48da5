package org.kvmworkbench.kvm.sys;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.util.Optional;

/**
 * ioctl(2) through the JDK's own foreign linker, for the one call made per VM exit, KVM_RUN: on JDK 17 the incubating
 * {@code jdk.incubator.foreign} (JEP 412), on JDK 22 and later the final {@code java.lang.foreign} (JEP 454; JDK 18
 * to 21 had other, incubating or preview, forms of it, not used here). Measured on the kvm_pvm development host, a JNA call there costs about
 * 0.5 µs of CPU per exit more than the same KVM_RUN from C (its ~1,800 instructions run with caches the guest and
 * kernel just used); through the linker the Java loop's KVM_RUN costs what C's does. JDK 17 must be started with
 * {@code --add-modules jdk.incubator.foreign --enable-native-access=ALL-UNNAMED}, JDK 22+ must allow native access
 * to this code ({@code --enable-native-access=ALL-UNNAMED}, or {@code Enable-Native-Access: ALL-UNNAMED} in the
 * manifest of the jar started with {@code java -jar}, as the app's is); otherwise {@link #AVAILABLE} is false and
 * callers use {@link LibC#ioctl}. The API is reached by reflection once, so the project compiles for JDK 17 and runs
 * without the incubator module.
 *
 * <p>The JDK 17 linker cannot capture errno, so a failed call only says "failed": callers repeat it through JNA,
 * which reports errno (KVM_RUN may be repeated: an interrupted run with kvm_run.immediate_exit set fails again at
 * once, and a run a stray signal ended simply continues).
 */
public final class LinkerIoctl {
    private static final String PACKAGE = "jdk.incubator.foreign.", FINAL = "java.lang.foreign.";
    private static final MethodHandle IOCTL = downcall();
    /** The JVM has the foreign linker and allows this code to use it. */
    public static final boolean AVAILABLE = IOCTL != null;

    private LinkerIoctl() {
    }

    /** {@code ioctl(fd, request, arg)}: 0 or a positive result, or -1 when it failed (errno unknown here). */
    public static int ioctl(int fd, long request, long arg) {
        try {
            return (int) IOCTL.invokeExact(fd, request, arg);
        } catch (Throwable e) { // the handle throws nothing itself; anything else is a JVM error
            throw new IllegalStateException("ioctl through the foreign linker", e);
        }
    }

    /** {@code int ioctl(int, unsigned long, ...)} with one variadic {@code long}, or null without the linker. */
    private static MethodHandle downcall() {
        MethodHandle h = finalDowncall();
        return h != null ? h : incubatorDowncall();
    }

    /** The same through JDK 22's java.lang.foreign, where this code's module may use it; else null. */
    private static MethodHandle finalDowncall() {
        try {
            if (Runtime.version().feature() < 22) return null; // JDK 21 has it as a preview, with other rules
            Module self = LinkerIoctl.class.getModule();
            if (!(boolean) Module.class.getMethod("isNativeAccessEnabled").invoke(self)) return null; // no warning
            Class<?> linkerClass = Class.forName(FINAL + "Linker");
            Class<?> layout = Class.forName(FINAL + "MemoryLayout");
            Class<?> descriptor = Class.forName(FINAL + "FunctionDescriptor");
            Class<?> option = Class.forName(FINAL + "Linker$Option");
            Class<?> values = Class.forName(FINAL + "ValueLayout");
            Object cInt = values.getField("JAVA_INT").get(null), cLong = values.getField("JAVA_LONG").get(null);
            Object args = Array.newInstance(layout, 3);
            Array.set(args, 0, cInt);
            Array.set(args, 1, cLong);
            Array.set(args, 2, cLong);
            Object function = descriptor.getMethod("of", layout, args.getClass()).invoke(null, cInt, args);
            Object linker = linkerClass.getMethod("nativeLinker").invoke(null);
            Object lookup = linkerClass.getMethod("defaultLookup").invoke(linker);
            Optional<?> symbol = (Optional<?>) Class.forName(FINAL + "SymbolLookup").getMethod("find", String.class)
                    .invoke(lookup, "ioctl");
            if (symbol.isEmpty()) return null;
            Object options = Array.newInstance(option, 1);
            Array.set(options, 0, option.getMethod("firstVariadicArg", int.class).invoke(null, 2));
            return (MethodHandle) linkerClass.getMethod("downcallHandle", Class.forName(FINAL + "MemorySegment"),
                    descriptor, options.getClass()).invoke(linker, symbol.get(), function, options);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** The same through JDK 17's jdk.incubator.foreign, where the JVM was started with it; else null. */
    private static MethodHandle incubatorDowncall() {
        try {
            Class<?> linkerClass = Class.forName(PACKAGE + "CLinker");
            Class<?> layout = Class.forName(PACKAGE + "MemoryLayout");
            Class<?> descriptor = Class.forName(PACKAGE + "FunctionDescriptor");
            Object cInt = linkerClass.getField("C_INT").get(null), cLong = linkerClass.getField("C_LONG").get(null);
            Object args = Array.newInstance(layout, 3);
            Array.set(args, 0, cInt);
            Array.set(args, 1, cLong);
            Array.set(args, 2, linkerClass.getMethod("asVarArg", layout).invoke(null, cLong));
            Object function = descriptor.getMethod("of", layout, args.getClass()).invoke(null, cInt, args);
            Object lookup = linkerClass.getMethod("systemLookup").invoke(null);
            Optional<?> symbol = (Optional<?>) Class.forName(PACKAGE + "SymbolLookup").getMethod("lookup", String.class)
                    .invoke(lookup, "ioctl");
            if (symbol.isEmpty()) return null;
            Object linker = linkerClass.getMethod("getInstance").invoke(null);
            return (MethodHandle) linkerClass.getMethod("downcallHandle", Class.forName(PACKAGE + "Addressable"),
                    MethodType.class, descriptor).invoke(linker, symbol.get(),
                    MethodType.methodType(int.class, int.class, long.class, long.class), function);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null; // no incubator module, or native access not enabled: JNA it is
        }
    }
}
