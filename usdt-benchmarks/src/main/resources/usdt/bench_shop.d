/* The provider TypedProbesBenchmark fires through the class usdt-maven-plugin generates from it. */
provider bench_shop {
    probe order__placed(char *id, int64_t cents);
};
