// The map view of /kaart: plots the services of the list (their data-punten) with Leaflet.
// Without JavaScript, without Leaflet or without points nothing changes: the list is the page.
(function () {
  var section = document.querySelector(".kaartweergave");
  if (!section || !window.L) return;
  var services = Array.prototype.slice.call(document.querySelectorAll("[data-punten]"));
  if (!services.length) return;
  var list = services[0].closest("form");  // on /kaart: the result list; the map goes just above it
  if (list && list.parentNode) list.parentNode.insertBefore(section, list);
  section.hidden = false;
  var button = section.querySelector(".kaart-knop");
  var area = document.getElementById("kaart-vlak");
  var map = null;

  function popup(service, point) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = service.dataset.url;
    link.textContent = service.dataset.naam;
    box.appendChild(link);
    if (point.address) {
      var line = document.createElement("div");
      line.textContent = point.address;
      box.appendChild(line);
    }
    return box;
  }

  function draw() {
    map = L.map(area, { scrollWheelZoom: false });
    L.tileLayer(section.dataset.tiles, { attribution: section.dataset.attribution, maxZoom: 18 }).addTo(map);
    var bounds = [];
    services.forEach(function (service) {
      JSON.parse(service.dataset.punten).forEach(function (point) {
        var label = service.dataset.naam + (point.address ? ", " + point.address : "");
        L.marker([point.lat, point.lon], { title: label, alt: label, keyboard: true })
          .bindPopup(popup(service, point)).addTo(map);
        bounds.push([point.lat, point.lon]);
      });
    });
    if (bounds.length === 1) map.setView(bounds[0], 15); else map.fitBounds(bounds, { padding: [30, 30] });
  }

  button.addEventListener("click", function () {
    var show = area.hidden;
    area.hidden = !show;
    button.setAttribute("aria-expanded", String(show));
    button.textContent = show ? button.dataset.verberg : button.dataset.toon;
    if (show && !map) draw(); else if (show) map.invalidateSize();
  });
  if (section.dataset.open === "1") button.click();
})();
