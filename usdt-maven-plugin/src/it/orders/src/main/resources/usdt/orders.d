/* The shop's probes: list them with bpftrace -p PID -l 'usdt:*:orders:*' */
provider orders {
    probe order__placed(char *id, int64_t cents);
    probe queue__depth(int32_t depth);
};
