//! A spinner on standard error while long work runs (reading and generating a very large
//! definition, building the fidelity checker's scratch crate). Drawn only on a terminal,
//! and only once the work has taken a moment: a quick command shows nothing of it.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::mpsc;
use std::time::Duration;

/// Work shorter than this shows no spinner.
const DELAY: Duration = Duration::from_millis(300);

/// A spinner with a message and the time elapsed; cleared when finished or dropped.
pub struct Progress {
    bar: ProgressBar,
    /// Dropped to tell the thread that waits out [`DELAY`] that the work is over.
    done: Option<mpsc::Sender<()>>,
    waiter: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    /// Starts a spinner saying `message`, drawn after [`DELAY`] when `allowed` and standard
    /// error is a terminal.
    pub fn start(allowed: bool, message: String) -> Progress {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} [{elapsed}]")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.set_message(message);
        if !allowed || !std::io::stderr().is_terminal() {
            return Progress {
                bar,
                done: None,
                waiter: None,
            };
        }
        let (done, wait) = mpsc::channel::<()>();
        let shown = bar.clone();
        let waiter = std::thread::spawn(move || {
            if let Err(mpsc::RecvTimeoutError::Timeout) = wait.recv_timeout(DELAY) {
                shown.set_draw_target(ProgressDrawTarget::stderr());
                shown.enable_steady_tick(Duration::from_millis(100));
            }
        });
        Progress {
            bar,
            done: Some(done),
            waiter: Some(waiter),
        }
    }

    /// Says what the work is doing now.
    pub fn set(&self, message: String) {
        self.bar.set_message(message);
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        drop(self.done.take());
        if let Some(waiter) = self.waiter.take() {
            let _ = waiter.join();
        }
        self.bar.finish_and_clear();
    }
}
