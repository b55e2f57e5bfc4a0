"""Getting awards to people exactly once: award types, providers, voucher stock and the outbox."""
