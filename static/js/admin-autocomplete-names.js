// The admin's autocomplete pickers (select2) name their combobox after the value chosen, so an
// empty one has no name for a screen reader. Name the combobox and the box showing the value
// (a read-only textbox) after the field's label, then the value. select2 builds its boxes when
// jQuery is ready, which may be before or after this script runs, and again for each inline
// row added; so the names are given whenever the page's elements change. A picker of several
// values has no combobox of its own; its search field is named instead.
(function () {
  function nameAutocompletes() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var label = document.querySelector('label[for="' + select.id + '"]');
      if (select.multiple) {
        nameSearchField(select, label);
        return;
      }
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
  // A picker of several values (the authors) types into a search field of its own, which
  // select2 makes again after each pick: it is named after the field's label.
  function nameSearchField(select, label) {
    var picker = select.nextElementSibling;
    var field = picker && picker.querySelector(".select2-search__field");
    if (!label || !field) {
      return;
    }
    label.id = label.id || select.id + "-label";
    if (field.getAttribute("aria-labelledby") !== label.id) {
      field.setAttribute("aria-labelledby", label.id);
    }
  }
  new MutationObserver(nameAutocompletes).observe(document.documentElement, {
    childList: true,
    subtree: true,
  });
})();
