package dev.ferry.benchmarks;

/**
 * What a million messages would cost if the functions ran on AWS Lambda: every invocation is one
 * billed request plus its duration, rounded up to whole milliseconds, at the configured memory
 * size.
 *
 * @param dollarsPerMillionRequests the request price
 * @param dollarsPerGbSecond the duration price
 * @param memoryMb the function's memory size
 */
record LambdaCost(double dollarsPerMillionRequests, double dollarsPerGbSecond, int memoryMb) {
    /**
     * AWS's published Lambda prices for us-east-1 on x86 ($0.20 per million requests, $0.0000166667
     * per GB-second), at 512 MB, a usual size for a JVM function.
     */
    static final LambdaCost US_EAST_1_X86_512MB = new LambdaCost(0.20, 0.0000166667, 512);

    /** Lambda bills duration in whole milliseconds, at least one per invocation. */
    static long billedMillis(double millisPerInvocation) {
        return Math.max(1, (long) Math.ceil(millisPerInvocation));
    }

    /**
     * @param invocationsPerMessage function invocations per message that enters the job
     * @param millisPerInvocation the mean time an invocation spends in the function
     * @return dollars per million messages
     */
    double perMillionMessages(double invocationsPerMessage, double millisPerInvocation) {
        double perInvocation =
                dollarsPerMillionRequests / 1e6
                        + memoryMb
                                / 1024.0
                                * (billedMillis(millisPerInvocation) / 1000.0)
                                * dollarsPerGbSecond;
        return invocationsPerMessage * 1e6 * perInvocation;
    }

    String describe() {
        return String.format(
                java.util.Locale.ROOT,
                "$%.2f per million requests + $%.10f per GB-second, %d MB, duration rounded up to"
                        + " whole ms",
                dollarsPerMillionRequests,
                dollarsPerGbSecond,
                memoryMb);
    }
}
