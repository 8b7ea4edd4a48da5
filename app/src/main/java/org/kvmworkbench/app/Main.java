package org.kvmworkbench.app;

import java.util.Arrays;

import org.kvmworkbench.app.cli.RunCommand;

/**
 * Entry point of the runnable jar. Not a JavaFX {@code Application} subclass, so the shaded jar starts
 * on the classpath without the JavaFX launcher check. No arguments (or a config path) opens the GUI;
 * {@code run CONFIG ...} runs headless.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("run")) {
            int status = new RunCommand(System.out, System.err).run(Arrays.copyOfRange(args, 1, args.length));
            System.out.flush();
            System.exit(status);
        }
        if (args.length > 0 && args[0].equals("bench")) {
            double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 3;
            try {
                org.kvmworkbench.core.bench.SimulatorBench.run(seconds, System.out);
            } catch (java.io.IOException e) {
                System.err.println("error: " + e.getMessage());
                System.exit(2);
            }
            return;
        }
        if (args.length > 0 && args[0].equals("kick-bench")) {
            System.exit(org.kvmworkbench.app.cli.KickBench.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println("kvm-workbench [CONFIG]       open the workbench window (default sample: samples/hello-serial.yaml)");
            System.out.println(RunCommand.USAGE);
            System.out.println("kvm-workbench bench [SECONDS]  measure the simulated core: instructions/s and exits/s");
            System.out.println("kvm-workbench kick-bench [KICKS]  userspace exits and time per virtio kick, PIO and MMIO, with and without ioeventfd");
            return;
        }
        StartupBench.mark("main");
        WorkbenchApp.launchWith(args);
    }
}
