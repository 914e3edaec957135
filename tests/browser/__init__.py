"""End-to-end tests of the admin in a real headless browser (Playwright with Debian's Chromium)."""
