"""The admin's pages: a package per area, plus sign-in (session) and the home page (home).

Each module registers its pages with ``web.admin.pages.page``; ``web.admin.load_views`` imports
them all."""
