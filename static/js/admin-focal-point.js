// The focal point of a picture: a click on the picture sets the two fields (fractions of the
// width and height, 0 to 1) and moves the marker there. Without JavaScript the fields are
// typed in directly.
(function () {
  function place(marker, image, x, y) {
    marker.style.left = x * image.clientWidth + "px";
    marker.style.top = y * image.clientHeight + "px";
  }
  function setUp(image) {
    var ids = image.dataset.focalPoint.split(" ");
    var fieldX = document.getElementById(ids[0]);
    var fieldY = document.getElementById(ids[1]);
    var marker = image.parentNode.querySelector(".focal-point-marker");
    if (!fieldX || !fieldY || !marker) {
      return;
    }
    function show() {
      place(marker, image, parseFloat(fieldX.value) || 0.5, parseFloat(fieldY.value) || 0.5);
    }
    image.addEventListener("click", function (event) {
      var box = image.getBoundingClientRect();
      var x = Math.min(Math.max((event.clientX - box.left) / box.width, 0), 1);
      var y = Math.min(Math.max((event.clientY - box.top) / box.height, 0), 1);
      fieldX.value = x.toFixed(3);
      fieldY.value = y.toFixed(3);
      show();
    });
    fieldX.addEventListener("input", show);
    fieldY.addEventListener("input", show);
    if (image.complete) {
      show();
    } else {
      image.addEventListener("load", show);
    }
    window.addEventListener("resize", show);
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("img[data-focal-point]").forEach(setUp);
  });
})();
