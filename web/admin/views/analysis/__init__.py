"""Analysis: the figures page (trends, comparisons, the provinces' map, drugs, crackdowns,
on-time entry) and the yearly report, drawn as server-side SVG (web.admin.charts)."""
