"""One module per area of the admin; each registers its pages (web.admin.pages)."""
