"""Payments: the Stripe adapter (`gateway`) and, beside it, the money flows."""
