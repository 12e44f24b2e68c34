//! How a command fails, which decides the exit code.

/// A failed command.
#[derive(Debug)]
pub enum Failure {
    /// The user's input is wrong; diagnostics were already printed. Exit code 1.
    User,
    /// Whoever read standard output stopped reading (`plinth … | head`): the run ends quietly,
    /// like `git` and `ripgrep` do. Exit code 0.
    StdoutClosed,
    /// Something outside the user's control (I/O, a bug). Exit code 2.
    Internal(anyhow::Error),
}

impl<E: Into<anyhow::Error>> From<E> for Failure {
    fn from(error: E) -> Self {
        Self::Internal(error.into())
    }
}
