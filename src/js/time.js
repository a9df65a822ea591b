// Timers for edgeapi::sleep: the Promise, and the id that cancels it when the Rust future
// is dropped early (a lost race, a timeout), so no stray timer keeps the host busy.
export class Timer {
  constructor(ms) {
    this.promise = new Promise((resolve) => (this.id = setTimeout(resolve, ms)));
  }

  cancel() {
    clearTimeout(this.id);
  }
}
