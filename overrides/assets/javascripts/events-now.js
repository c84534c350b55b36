/*
 * Events as of the reader's day, not the build's (resource_centre/site/eventpages.py).
 *
 * A static site is built on one day and read for months. The generator splits events into
 * upcoming and past on the day it runs, and gives each event the moment it becomes past
 * (records/events.py past_from: the midnight after its last day, in its time zone). This
 * script, loaded by the events page and by the page of an event still open at build time,
 * brings the page up to the reader's clock:
 *
 *   events page  an "Upcoming" card whose moment has passed says "Past" and moves to the head
 *                of the past cards (past events are listed latest first). It runs before
 *                explorer.js (both deferred, in page order), so the filters see the new order.
 *   event page   the "How to register" entry is taken away and the note that the event has
 *                ended is shown.
 *
 * Without JavaScript, or before it runs, the page is as built: still right on the day it was built.
 */
(function () {
  "use strict"

  var now = Date.now()

  function over(value) {
    var moment = Date.parse(value || "")
    return !isNaN(moment) && moment <= now
  }

  /* The events page: one list, upcoming (soonest first) then past (latest first). */
  var list = document.querySelector("#rc-results")
  if (list) {
    var cards = Array.prototype.slice.call(list.querySelectorAll(":scope > [data-past-from]"))
    var firstPast = null, ended = []
    cards.forEach(function (card) {
      var when = card.querySelector(".rc-event__when")
      if (!when) return
      var wasPast = when.textContent === when.getAttribute("data-past-words")
      if (wasPast) {
        if (!firstPast) firstPast = card
      } else if (over(card.getAttribute("data-past-from"))) {
        when.textContent = when.getAttribute("data-past-words")
        ended.push(card)
      }
    })
    /* Ended soonest first; as past events they go latest first, before those past at build time. */
    ended.reverse().forEach(function (card) { list.insertBefore(card, firstPast) })
  }

  /* An event's page. */
  Array.prototype.forEach.call(document.querySelectorAll("[data-rc-open-until]"), function (entry) {
    if (!over(entry.getAttribute("data-rc-open-until"))) return
    var value = entry.closest("dd")
    var label = value && value.previousElementSibling
    if (label && label.tagName === "DT") label.hidden = true
    if (value) value.hidden = true
  })
  Array.prototype.forEach.call(document.querySelectorAll("[data-rc-ended-from]"), function (note) {
    if (over(note.getAttribute("data-rc-ended-from"))) note.hidden = false
  })
})()
