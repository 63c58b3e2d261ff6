// Plotly charts are responsive to window resizes; printing changes the page
// width without one, so resize them around printing too.
function resizeCharts() {
  document.querySelectorAll('.plotly-graph-div').forEach(function (el) { Plotly.Plots.resize(el); });
}
window.addEventListener('beforeprint', resizeCharts);
window.addEventListener('afterprint', resizeCharts);
