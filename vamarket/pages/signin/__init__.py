"""The sign-in page: one button per configured provider."""
