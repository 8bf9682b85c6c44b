//! The `folio` binary: parses the command line, runs the command, prints diagnostics and sets
//! the exit status (0 success, 1 input or output errors or a server that cannot start, 2 usage
//! errors).

use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Parser;

use folio::cli::{Cli, Command, SiteArgs, TemplatesArgs};
use folio::pages::theme::Origin;
use folio::progress::{Display, Progress};
use folio::report::Reporter;
use folio::serve::{self, ServeOptions};
use folio::timings::Timings;
use folio::{BuildOptions, output, pages, scaffold};

/// jemalloc, for its speed with many small values on several threads (see Cargo.toml).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let reporter = Reporter { quiet: cli.quiet, color };
    match run(cli.command, &reporter) {
        Ok(()) => ExitCode::SUCCESS,
        Err(()) => ExitCode::from(1),
    }
}

fn options(site: &SiteArgs) -> BuildOptions {
    BuildOptions { base_url: site.base_url.clone(), ..BuildOptions::default() }
}

/// Shows build progress when someone watches a terminal: not with `--quiet`, not in CI.
fn progress_display(reporter: &Reporter, options: &mut BuildOptions) -> Option<Display> {
    let watched = !reporter.quiet && std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
    watched.then(|| {
        let progress = Arc::new(Progress::default());
        options.progress = Some(Arc::clone(&progress));
        Display::start(progress, Duration::from_secs(1))
    })
}

fn run(command: Command, reporter: &Reporter) -> Result<(), ()> {
    match command {
        Command::Build(args) => {
            let started = Instant::now();
            let site_dir = &args.site.site_dir;
            let out = args.out.clone().unwrap_or_else(|| site_dir.join("public"));
            let mut timings = Timings::default();
            let mut build_options = options(&args.site);
            let mut display = progress_display(reporter, &mut build_options);
            let folder = output::Folder::open(site_dir, &out).map_err(|e| {
                drop(display.take());
                reporter.error(&e.to_string())
            })?;
            let built = match folio::build_into(site_dir, &build_options, &mut timings, &folder) {
                Ok(built) => built,
                Err(d) => {
                    drop(display);
                    let what = format!("nothing was written to {}", out.display());
                    reporter.diagnostics(&d.into_sorted(), &what);
                    return Err(());
                }
            };
            reporter.warnings(&built.warnings);
            build_options.progress.as_deref().inspect(|p| p.stage("writing"));
            let written = folder.finish();
            drop(display);
            let written = written.map_err(|e| reporter.error(&e.to_string()))?;
            timings.lap("write");
            if args.timings {
                eprintln!("{timings}");
            }
            reporter.info(&format!(
                "Built {} pages ({} files: {} written, {} unchanged, {} removed) into {} in {} ms",
                built.pages,
                built.files,
                written.changed,
                written.unchanged,
                written.removed,
                out.display(),
                started.elapsed().as_millis()
            ));
            Ok(())
        }
        Command::Check(args) => {
            let site = folio::build(&args.site_dir, &options(&args))
                .map_err(|d| reporter.diagnostics(&d.into_sorted(), "the site does not build"))?;
            reporter.warnings(site.warnings());
            reporter.info(&format!("No problems: {} pages would be built", site.page_count()));
            Ok(())
        }
        Command::Synth { dir, chapters, firms, companies, alliances } => {
            let size = folio::synth::SynthSize { chapters, firms, companies, alliances };
            folio::synth::write(&dir, size)
                .map_err(|e| reporter.error(&format!("{}: {e}", dir.display())))?;
            reporter.info(&format!("Wrote a synthetic site to {}", dir.display()));
            Ok(())
        }
        Command::Serve(args) => {
            let options =
                ServeOptions { site_dir: args.site_dir, host: args.host, port: args.port, open: args.open };
            serve::serve(&options, *reporter).map_err(|e| reporter.error(&e.to_string()))
        }
        Command::Templates(args) => templates(&args, reporter),
        Command::New { dir } => {
            scaffold::create(&dir).map_err(|e| reporter.error(&e.to_string()))?;
            reporter
                .info(&format!("Created a new site in {0}\nBuild it with: folio build {0}", dir.display()));
            Ok(())
        }
    }
}

/// `folio templates`: the theme's files and where each comes from, or `--copy` of defaults.
fn templates(args: &TemplatesArgs, reporter: &Reporter) -> Result<(), ()> {
    let site_dir = &args.site_dir;
    if !args.copy.is_empty() {
        let mut failed = Vec::new();
        for path in &args.copy {
            match pages::theme::copy_default(site_dir, path) {
                Ok(written) => reporter.info(&format!("Copied the default {path} to {}", written.display())),
                Err(d) => failed.push(d),
            }
        }
        if failed.is_empty() {
            return Ok(());
        }
        reporter.diagnostics(&failed, "the paths named without a problem were copied");
        return Err(());
    }
    let files = pages::theme::inventory(site_dir).map_err(|d| {
        reporter.diagnostics(&d.into_sorted(), "cannot list the theme");
    })?;
    let width = files.iter().map(|f| f.path.len()).max().unwrap_or(0);
    let mut listing = String::new();
    for file in &files {
        let origin = match file.origin {
            Origin::Default => "default",
            Origin::Unchanged => "the site's copy of the default, unchanged",
            Origin::Replaced => "the site's own version (replaces the default)",
            Origin::Added => "the site's own (no default)",
        };
        listing.push_str(&format!("{:width$}  {origin}\n", file.path));
    }
    listing.push_str(
        "\nWhat each template receives: the README's Templates section. Tera 2's syntax: https://docs.rs/tera/2\n\
         Copy a default to edit it: folio templates --copy templates/chapter.html\n",
    );
    // A reader that stops early (`folio templates | head`) is not an error.
    match std::io::Write::write_all(&mut std::io::stdout().lock(), listing.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            reporter.error(&format!("cannot print: {e}"));
            Err(())
        }
        _ => Ok(()),
    }
}
