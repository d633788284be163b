// The admin's autocomplete pickers (select2) name their combobox after the value chosen, so an
// empty one has no name for a screen reader. Name the combobox and the box showing the value
// (a read-only textbox) after the field's label, then the value. select2 builds its boxes when
// jQuery is ready, which may be before or after this script runs, and again for each inline
// row added; so the names are given whenever the page's elements change.
(function () {
  function nameAutocompletes() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var label = document.querySelector('label[for="' + select.id + '"]');
      var container = document.getElementById("select2-" + select.id + "-container");
      var combobox = container && container.closest(".select2-selection");
      if (!label || !combobox) {
        return;
      }
      label.id = label.id || select.id + "-label";
      var names = label.id + " " + container.id;
      if (combobox.getAttribute("aria-labelledby") !== names) {
        combobox.setAttribute("aria-labelledby", names);
        container.setAttribute("aria-labelledby", names);
      }
    });
  }
  new MutationObserver(nameAutocompletes).observe(document.documentElement, {
    childList: true,
    subtree: true,
  });
})();
