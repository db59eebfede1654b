"""Business rules. Functions take a Session and the acting user, check, act, and raise
typed errors from `vamarket.errors`; they never commit (the caller owns the transaction)."""
