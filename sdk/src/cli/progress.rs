//! Progress bars on stderr: drawn on a terminal (`--progress auto`), always (`always`,
//! also into a file or a pipe, where the bar is written line by line with the usual
//! terminal escapes), or never.

use std::io::{IsTerminal, Write};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle, TermLike};

use super::args::ProgressMode;

/// Where bars go, per `--progress`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Progress {
    mode: ProgressMode,
}

impl Progress {
    pub(crate) fn new(mode: ProgressMode) -> Self {
        Progress { mode }
    }

    fn target(&self) -> ProgressDrawTarget {
        match self.mode {
            ProgressMode::Never => ProgressDrawTarget::hidden(),
            ProgressMode::Auto => ProgressDrawTarget::stderr(),
            ProgressMode::Always if std::io::stderr().is_terminal() => ProgressDrawTarget::stderr(),
            ProgressMode::Always => ProgressDrawTarget::term_like(Box::new(Stderr)),
        }
    }

    fn bar(&self, len: Option<u64>, template: &str, message: &str) -> ProgressBar {
        let bar = ProgressBar::with_draw_target(len, self.target());
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(message.to_owned());
        bar
    }

    /// Finishes a bar, leaving it drawn; ends its line when drawn into a file or a pipe.
    pub(crate) fn finish(&self, bar: &ProgressBar) {
        bar.finish();
        if self.mode == ProgressMode::Always && !std::io::stderr().is_terminal() {
            eprintln!();
        }
    }

    /// A download of `len` bytes (a spinner with the bytes so far when unknown).
    pub(crate) fn bytes(&self, len: Option<u64>, message: &str) -> ProgressBar {
        match len {
            Some(len) => self.bar(
                Some(len),
                "{msg} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} {percent}%",
                message,
            ),
            None => self.bar(None, "{spinner} {msg} {bytes} {bytes_per_sec}", message),
        }
    }

    /// A job done in percent (an export being made).
    pub(crate) fn percent(&self, message: &str) -> ProgressBar {
        self.bar(Some(100), "{msg} [{bar:30}] {pos}% {elapsed}", message)
    }

    /// Records read from a file of `len` bytes: position in bytes, counts in the message.
    pub(crate) fn records(&self, len: Option<u64>, message: &str) -> ProgressBar {
        match len {
            Some(len) => self.bar(
                Some(len),
                "[{bar:30}] {percent}% {msg} {elapsed} eta {eta}",
                message,
            ),
            None => self.bar(None, "{spinner} {msg} {elapsed}", message),
        }
    }
}

/// stderr drawn as a terminal of 100 columns, whatever it is.
#[derive(Debug)]
struct Stderr;

impl Stderr {
    fn put(&self, text: &str) -> std::io::Result<()> {
        std::io::stderr().lock().write_all(text.as_bytes())
    }
}

impl TermLike for Stderr {
    fn width(&self) -> u16 {
        100
    }

    fn move_cursor_up(&self, n: usize) -> std::io::Result<()> {
        if n == 0 {
            return Ok(());
        }
        self.put(&format!("\x1b[{n}A"))
    }

    fn move_cursor_down(&self, n: usize) -> std::io::Result<()> {
        if n == 0 {
            return Ok(());
        }
        self.put(&format!("\x1b[{n}B"))
    }

    fn move_cursor_right(&self, n: usize) -> std::io::Result<()> {
        if n == 0 {
            return Ok(());
        }
        self.put(&format!("\x1b[{n}C"))
    }

    fn move_cursor_left(&self, n: usize) -> std::io::Result<()> {
        if n == 0 {
            return Ok(());
        }
        self.put(&format!("\x1b[{n}D"))
    }

    fn write_line(&self, s: &str) -> std::io::Result<()> {
        self.put(&format!("{s}\n"))
    }

    fn write_str(&self, s: &str) -> std::io::Result<()> {
        self.put(s)
    }

    fn clear_line(&self) -> std::io::Result<()> {
        self.put("\r\x1b[2K")
    }

    fn flush(&self) -> std::io::Result<()> {
        std::io::stderr().lock().flush()
    }
}
