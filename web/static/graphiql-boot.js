// Starts GraphiQL against this server's /graphql; kept out of the page so a strict CSP can apply.
(function () {
  var firstQuery = [
    "# ecrime: the national crime-records graph. Press the run button (or Ctrl-Enter).",
    "# Every list is a connection: first (at most 100), after, pageInfo, totalCount.",
    "# Name search ignores case, accents, spacing, name order and common spelling variants;",
    "# beyond your own province it needs a purpose (a case number or ten characters), audited.",
    "{",
    "  persons(filter: {name: \"sokha chia\", purpose: \"identity check for case PP-2026-000026\"}, first: 5) {",
    "    totalCount",
    "    edges { node {",
    "      id fullNameLatin fullNameKm nationality birthDate { text }",
    "      documents { kind number }",
    "      cases(first: 3) { edges { node { number status province { nameLatin } } } }",
    "      warrants(first: 5) { edges { node { court number status } } }",
    "      notices { edges { node { kind validUntil } } }",
    "    } }",
    "  }",
    "}",
    "",
  ].join("\n");
  var fetcher = GraphiQL.createFetcher({ url: "/graphql" });
  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: firstQuery,
      defaultEditorToolsVisibility: true,
    })
  );
})();
