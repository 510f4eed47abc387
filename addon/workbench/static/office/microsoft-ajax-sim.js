// MicrosoftAjax.js as Office.js loads it from ajax.aspnetcdn.com, simulated: office-sim.js
// loads this second script, from another origin in the pane's browser tests, before Office.onReady
// calls back, as Outlook's Office.js does; a CSP that blocks it leaves the pane waiting.
window.Sys = window.Sys || { loaded: true };
