"""Sign-in: OAuth/OpenID Connect routes (`routes`), server-side sessions (`sessions`)."""
