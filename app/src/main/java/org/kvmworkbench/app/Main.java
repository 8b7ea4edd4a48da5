package org.kvmworkbench.app;

public final class Main {
    public static void main(String[] args) {
        System.out.println("placeholder");
    }
}
