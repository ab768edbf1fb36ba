const __h = (t, p, ...c) => ({ t: typeof t === "string" ? t : (t && t.name) || String(t), p, c }); const __F = "F";
var stdin_default = () => {
  "use memo";
  return 1;
};
function __run() {
  return [1];
}
export {
  __run,
  stdin_default as default
};
