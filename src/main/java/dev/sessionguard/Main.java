package dev.sessionguard;
public final class Main { public static void main(String[] a) {} }
