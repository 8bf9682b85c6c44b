//! File-system wrappers whose errors always name the path, as a [`Diagnostic`] for input files.

use std::path::Path;

use crate::diagnostic::{Diagnostic, display_path};

/// Reads a UTF-8 text file of the site; `root` only shortens the path shown in errors.
pub fn read_text(path: &Path, root: &Path) -> Result<String, Diagnostic> {
    let shown = display_path(root, path);
    let bytes = std::fs::read(path).map_err(|e| {
        let hint = if e.kind() == std::io::ErrorKind::NotFound {
            "check the path; `folio new DIR` creates a site with every required file"
        } else {
            "check the file's permissions"
        };
        Diagnostic::new(&shown, format!("cannot read file: {e}")).help(hint)
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let before = &e.as_bytes()[..offset];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        let col = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
        Diagnostic::new(&shown, "file is not valid UTF-8 text")
            .at(line, col)
            .help("save the file with UTF-8 encoding")
    })
}
