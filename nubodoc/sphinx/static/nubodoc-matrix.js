// nubodoc: the results matrix filtered by language (its columns) and by outcome
// (the rows with at least one cell of that outcome). Two labelled selects, added
// above the table; without this script the whole matrix shows.
(function () {
  "use strict";

  const LANGUAGES = [["", "Tous"], ["r", "R"], ["python", "Python"], ["mc", "Terminal"]];
  const OUTCOMES = [["", "Tous"], ["passed", "réussi"], ["failed", "en échec"],
    ["skipped", "non exécuté"], ["none", "aucun résultat à jour"]];

  function select(id, text, options) {
    const wrapper = document.createElement("span");
    wrapper.className = "nubodoc-matrix-filter";
    const label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = text;
    const element = document.createElement("select");
    element.id = id;
    for (const [value, name] of options) element.add(new Option(name, value));
    wrapper.append(label, element);
    return [wrapper, element];
  }

  function filter(table, language, outcome) {
    table.querySelectorAll("[data-language]").forEach((cell) => {
      cell.hidden = Boolean(language) && cell.dataset.language !== language;
    });
    table.querySelectorAll("tbody tr").forEach((row) => {
      const cells = Array.from(row.querySelectorAll("td")).filter((cell) => !cell.hidden);
      row.hidden = Boolean(outcome) && !cells.some((cell) => cell.dataset.outcome === outcome);
    });
  }

  function setUp(table, index) {
    const bar = document.createElement("div");
    bar.className = "nubodoc-matrix-filters";
    const [languageBox, language] = select(`nubodoc-matrix-langage-${index}`, "Langage\u00a0:",
      LANGUAGES);
    const [outcomeBox, outcome] = select(`nubodoc-matrix-resultat-${index}`, "Résultat\u00a0:",
      OUTCOMES);
    bar.append(languageBox, outcomeBox);
    (table.closest(".table-wrapper") || table).before(bar);
    const apply = () => filter(table, language.value, outcome.value);
    language.addEventListener("change", apply);
    outcome.addEventListener("change", apply);
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("table.nubodoc-matrix").forEach(setUp);
  });
})();
