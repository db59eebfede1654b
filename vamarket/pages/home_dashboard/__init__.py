"""/dashboard: the signed-in user's home: money per month, running contracts, what waits for them."""
