//! Hostile logos: CSS that reaches the network, filters that cost gigabytes, rasters that
//! carry more than pixels. What is published must be inert, cheap to render and still the
//! logo; every payload that passes `check` also passes `process`.

use landscape::logos::{LogoFormat, ProcessOptions, ProcessedLogo, check, process, usvg_options};

use crate::support::{self, cli};

/// Checks, then processes with and without viewBox adjustment: a logo that passes `check`
/// must pass `process`, and every output must be a document usvg reads.
fn processed(name: &str, bytes: &[u8]) -> Vec<ProcessedLogo> {
    check(name, bytes).unwrap_or_else(|p| panic!("{name} fails check: {p}"));
    [true, false]
        .map(|adjust_viewbox| {
            let opts = ProcessOptions { adjust_viewbox };
            process(name, bytes, &opts).unwrap_or_else(|p| panic!("{name}: {p}"))
        })
        .into()
}

fn svg(head: &str, body: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 100 100\"{head}>{body}\
         <rect class=\"a\" width=\"100\" height=\"100\"/></svg>"
    )
}

/// The output as text, without the namespace declarations (the only URLs allowed).
fn text_without_namespaces(logo: &ProcessedLogo) -> String {
    String::from_utf8(logo.bytes().unwrap().into_owned())
        .expect("utf8")
        .replace("http://www.w3.org/2000/svg", "")
        .replace("http://www.w3.org/1999/xlink", "")
        .to_ascii_lowercase()
}

/// Declaration lists that a browser reads as a fetch (or as a way to one), each behind a
/// trick: a quote or newline that ends a string for the browser and not for a naive scanner,
/// escapes and comments that spell `url(`, other fetching functions, `@import`.
const DECLARATIONS: &[&str] = &[
    // A quote inside `url(` makes a bad url for the browser, which then reads the next
    // declaration; a scanner that believes the quote opens a string skips it.
    "mask:url(#a');mask:url(https://evil.example/q1);font-family:'x'",
    "mask:url(#a\");mask:url(https://evil.example/q2);font-family:\"x\"",
    // A newline ends a string for the browser (a bad string), and the next line is CSS.
    "font-family:'x\n;mask:url(https://evil.example/n1);'",
    "font-family:\"x\n;clip-path:url(//evil.example/n2#c);\"",
    // Escapes and comments.
    "mask:\\75 rl(https://evil.example/e1)",
    "mask:u\\rl(https://evil.example/e2)",
    "mask:\\55\\52\\4c(https://evil.example/e3)",
    "mask:url(/**/https://evil.example/c1)",
    "mask:ur/**/l(https://evil.example/c2)",
    "fill:url(\"https://evil.example/c3\"/**/)",
    // Other functions and quoting.
    "mask:image-set(\"https://evil.example/i1.png\" 1x)",
    "mask:-webkit-image-set(url(https://evil.example/i2.png) 1x)",
    "fill:url( \"https://evil.example/s1\" )",
    "fill:url(  https://evil.example/s2  )",
    "stroke:url('//evil.example/s3#p') red",
    // Unterminated strings and urls run to the end of the input.
    "mask:url(\"https://evil.example/u1",
    "mask:url(https://evil.example/u2",
    "font-family:'x;mask:url(https://evil.example/u3)",
    // `@import` in a declaration list.
    "@import url(https://evil.example/a1.css);fill:red",
];

/// Stylesheet-only tricks: `@import` in every spelling and place, and at-rules that fetch.
const SHEETS: &[&str] = &[
    "@import url(https://evil.example/a2.css);.a{fill:red}",
    "@IMPORT 'https://evil.example/a3.css';.a{fill:red}",
    "@\\69mport 'https://evil.example/a4.css';.a{fill:red}",
    "@im\\port \"https://evil.example/a5.css\";.a{fill:red}",
    "@import/**/'https://evil.example/a6.css';.a{fill:red}",
    "@media all{@import 'https://evil.example/a7.css';.a{fill:red}}",
    ".a{fill:red}@import 'https://evil.example/a8.css';",
    "@font-face{font-family:E;src:url(https://evil.example/f.woff)}.a{font-family:E}",
    "@namespace x url(https://evil.example/ns);.a{fill:red}",
    // A quote inside `url(` and a newline in a string, in a rule (the stray `)` balances the
    // rule for a scanner that counts the `(` of `url(` but not the `)` it thinks is quoted).
    ".a{mask:url(#a');mask:url(https://evil.example/q3);font-family:'x'')}",
    ".a{fill:url(#a\");fill:url(https://evil.example/q4);font-family:\"x\"\")}",
    ".a{font-family:'x\n;mask:url(https://evil.example/n3);'}",
    ".a{fill:red}\n.b{font-family:'x\n}.a{mask:url(https://evil.example/n4)}",
];

fn assert_inert(what: &str, logo: &ProcessedLogo) {
    let text = text_without_namespaces(logo);
    for needle in ["http", "//", "@import", "evil", "image-set", "\\"] {
        assert!(
            !text.contains(needle),
            "{what}: `{needle}` survived in {text}"
        );
    }
    usvg::Tree::from_data(&logo.bytes().unwrap(), &usvg_options()).expect("usvg reads the output");
}

#[test]
fn css_payloads_reach_nothing_in_style_sheets_or_attributes() {
    for declarations in DECLARATIONS {
        let in_sheet = svg("", &format!("<style>.a{{{declarations}}}</style>"));
        // Inside an attribute a newline must be a character reference to stay a newline.
        let attribute = declarations
            .replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('<', "&lt;")
            .replace('\n', "&#10;");
        let in_attribute = svg(&format!(" style=\"{attribute}\""), "");
        for (context, doc) in [("sheet", in_sheet), ("attribute", in_attribute)] {
            for logo in processed("payload.svg", doc.as_bytes()) {
                assert_inert(&format!("{declarations:?} in a {context}"), &logo);
            }
        }
    }
    for sheet in SHEETS {
        let doc = svg("", &format!("<style>{sheet}</style>"));
        for logo in processed("payload.svg", doc.as_bytes()) {
            assert_inert(&format!("{sheet:?}"), &logo);
        }
    }
}

#[test]
fn presentation_attributes_are_read_as_css() {
    let doc = svg(
        "",
        "<rect width=\"9\" height=\"9\" fill=\"\\75 rl(https://evil.example/p1)\" \
         mask=\"url(/**/https://evil.example/p2)\" clip-path=\"url(#a&quot;)\"/>",
    );
    for logo in processed("attrs.svg", doc.as_bytes()) {
        assert_inert("presentation attributes", &logo);
        let text = String::from_utf8(logo.into_bytes().unwrap()).expect("utf8");
        // An external paint becomes `none`, as browsers draw it.
        assert!(
            text.contains(r#"<rect width="9" height="9" fill="none"/>"#),
            "{text}"
        );
    }
}

#[test]
fn legitimate_styling_survives_the_tokenizer() {
    let bytes = std::fs::read(support::fixture().join("../logos/legit_features.svg")).unwrap();
    let logo = &processed("legit_features.svg", &bytes)[1];
    let text = String::from_utf8(logo.bytes().unwrap().into_owned()).expect("utf8");
    assert!(
        text.contains(
            "<style>.cls-1{fill:url(#grad-b)}\n.cls-2{fill:#326ce5;stroke:#fff}\n</style>"
        ),
        "{text}"
    );
    // Exporter styles (Illustrator classes, Inkscape style attributes), as in CNCF logos.
    let exported = svg(
        " style=\"enable-background:new 0 0 100 100;background-color:black\"",
        "<style type=\"text/css\">\n\t.st0{fill:#FFFFFF;}\n\t.st1{fill:url(#SVGID_1_);stroke:#0F1689;\
         stroke-width:0.5;stroke-miterlimit:10;}\n\t.st9{fill:red}\n\
         @media (prefers-color-scheme: dark){.st0{fill:#000}}\n\t.a{font-family:'Open Sans', \
         Arial, sans-serif; font-weight:700; letter-spacing:-0.02em}\n</style>\
         <linearGradient id=\"SVGID_1_\"><stop offset=\"0\" stop-color=\"#fff\"/></linearGradient>\
         <path class=\"st0\" d=\"M0 0h9v9z\"/><path class=\"st1\" d=\"M9 9h9v9z\" \
         style=\"fill:#FFFFFF;fill-opacity:.80;stroke:none;-inkscape-font-specification:Sans;\
         stroke-width:4.19874191;opacity:calc(1 - 0.25)\"/>",
    );
    let logo = &processed("exported.svg", exported.as_bytes())[1];
    let text = String::from_utf8(logo.bytes().unwrap().into_owned()).expect("utf8");
    for kept in [
        ".st0{fill:#FFFFFF}\n",
        ".st1{fill:url(#SVGID_1_);stroke:#0F1689;stroke-width:0.5;stroke-miterlimit:10}\n",
        "@media (prefers-color-scheme: dark){.st0{fill:#000}\n}\n",
        ".a{font-family:\"Open Sans\", Arial, sans-serif;font-weight:700;\
         letter-spacing:-0.02em}\n",
        r#"style="fill:#FFFFFF;fill-opacity:.80;stroke:none;stroke-width:4.19874191;opacity:calc(1 - 0.25)""#,
        r#"style="enable-background:new 0 0 100 100;background-color:black""#,
    ] {
        assert!(text.contains(kept), "missing {kept} in:\n{text}");
    }
    // The unused class goes; the editor's private property too.
    assert!(
        !text.contains(".st9") && !text.contains("inkscape"),
        "{text}"
    );
}

/// What rendering a tree's filters asks of resvg, measured against the canvas: the largest
/// region per axis, the largest morphology radius and blur deviation (per axis, relative),
/// and the most turbulence octaves.
#[derive(Debug, Default, PartialEq)]
struct FilterCost {
    filters: usize,
    region: f32,
    radius: f32,
    blur: f32,
    octaves: u32,
}

fn filter_cost(tree: &usvg::Tree) -> FilterCost {
    use usvg::filter::Kind;
    let (cw, ch) = (tree.size().width(), tree.size().height());
    let mut cost = FilterCost::default();
    let mut stack = vec![(tree.root(), tree.root().transform())];
    while let Some((group, ts)) = stack.pop() {
        let (sx, sy) = ts.get_scale();
        for filter in group.filters() {
            cost.filters += 1;
            let region = filter.rect().transform(ts).expect("region");
            cost.region = cost
                .region
                .max(region.width() / cw)
                .max(region.height() / ch);
            for primitive in filter.primitives() {
                let (x, y, field) = match primitive.kind() {
                    Kind::Morphology(m) => {
                        (m.radius_x().get(), m.radius_y().get(), &mut cost.radius)
                    }
                    Kind::GaussianBlur(b) => {
                        (b.std_dev_x().get(), b.std_dev_y().get(), &mut cost.blur)
                    }
                    Kind::Turbulence(t) => {
                        cost.octaves = cost.octaves.max(t.num_octaves());
                        continue;
                    }
                    _ => continue,
                };
                *field = field.max(x * sx / cw).max(y * sy / ch);
            }
        }
        for child in group.children() {
            if let usvg::Node::Group(g) = child {
                stack.push((g, ts.pre_concat(g.transform())));
            }
        }
    }
    cost
}

/// Renders a processed logo into a poster-tile-sized pixmap, as the exporters do.
fn render_tile(logo: &ProcessedLogo) -> (usvg::Tree, resvg::tiny_skia::Pixmap) {
    let tree =
        usvg::Tree::from_data(&logo.bytes().unwrap(), &usvg_options()).expect("usvg reads it");
    let mut pixmap = resvg::tiny_skia::Pixmap::new(160, 80).expect("pixmap");
    let size = tree.size();
    let scale = (160.0 / size.width()).min(80.0 / size.height());
    let ts = resvg::tiny_skia::Transform::from_scale(scale, scale);
    resvg::render(&tree, ts, &mut pixmap.as_mut());
    (tree, pixmap)
}

/// Filters that made the PDF export abort on a 134 GB allocation, or PNG/PDF exports run
/// for minutes: each must come out without filters (and say so). One per line: what, body.
const FILTER_BOMBS: &str = r##"
huge region | <filter id="f" filterUnits="userSpaceOnUse" x="-1e5" y="-1e5" width="2e5" height="2e5"><feFlood/></filter><rect width="9" height="9" filter="url(#f)"/>
region of a huge element | <filter id="f"><feFlood/></filter><rect width="1e5" height="1e5" filter="url(#f)"/>
region under a transform | <filter id="f" filterUnits="userSpaceOnUse"><feFlood/></filter><g transform="scale(1e4)"><rect width="9" height="9" filter="url(#f)"/></g>
huge morphology radius | <filter id="f"><feMorphology operator="dilate" radius="100"/></filter><rect width="90" height="90" filter="url(#f)"/>
huge morphology radius in bounding-box units | <filter id="f" primitiveUnits="objectBoundingBox"><feMorphology radius="0.5"/></filter><rect width="90" height="90" filter="url(#f)"/>
huge blur | <filter id="f"><feGaussianBlur stdDeviation="1e9"/></filter><rect width="90" height="90" filter="url(#f)"/>
huge blur as a CSS filter function | <rect width="90" height="90" style="filter:blur(1e9px)"/>
huge blur in a style sheet | <style>.b{filter:drop-shadow(0 0 1e9px red)}</style><rect class="b" width="90" height="90"/>
a thousand filtered elements | <filter id="f"><feFlood/><feFlood/><feFlood/></filter><use href="#r"/><rect id="r" width="99" height="99" filter="url(#f)"/>
"##;

#[test]
fn filter_bombs_are_removed_and_the_logo_renders_cheaply() {
    for (what, body) in FILTER_BOMBS
        .trim()
        .lines()
        .filter_map(|l| l.split_once(" | "))
    {
        let body = if what.starts_with("a thousand") {
            body.replace(
                r##"<use href="#r"/>"##,
                &r##"<use href="#r"/>"##.repeat(1000),
            )
        } else {
            body.to_string()
        };
        let doc = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 100 100\">{body}</svg>"
        );
        for logo in processed("bomb.svg", doc.as_bytes()) {
            let warning = logo.warning.clone().unwrap_or_default();
            assert!(
                warning.starts_with("filters removed: "),
                "{what}: {warning:?}"
            );
            let text = String::from_utf8(logo.bytes().unwrap().into_owned()).expect("utf8");
            assert!(!text.contains("filter"), "{what}: {text}");
            let (tree, pixmap) = render_tile(&logo);
            assert_eq!(filter_cost(&tree), FilterCost::default(), "{what}");
            // Still the logo: the shape is drawn.
            assert!(pixmap.pixels().iter().any(|p| p.alpha() > 0), "{what}");
        }
    }
}

#[test]
fn octaves_are_clamped_and_reasonable_filters_kept() {
    let doc = svg(
        "",
        r#"<filter id="t"><feTurbulence baseFrequency="0.05" numOctaves="1000000000"/></filter>
           <filter id="s" x="-50%" y="-50%" width="200%" height="200%"><feMorphology radius="1"/>
           <feGaussianBlur stdDeviation="4"/><feOffset dx="2" dy="2"/></filter>
           <rect width="50" height="50" filter="url(#t)"/><circle cx="70" cy="70" r="20" filter="url(#s)"/>"#,
    );
    for logo in processed("filters.svg", doc.as_bytes()) {
        assert_eq!(logo.warning, None);
        let text = String::from_utf8(logo.bytes().unwrap().into_owned()).expect("utf8");
        for kept in [
            r#"numOctaves="5""#,
            r#"<feMorphology radius="1"/>"#,
            r#"<feGaussianBlur stdDeviation="4"/>"#,
            r#"filter="url(#s)""#,
        ] {
            assert!(text.contains(kept), "missing {kept} in {text}");
        }
        let (tree, _) = render_tile(&logo);
        let cost = filter_cost(&tree);
        assert_eq!((cost.filters, cost.octaves), (2, 5), "{cost:?}");
        assert!(
            cost.region <= 2.0 && cost.radius <= 0.02 && cost.blur <= 0.1,
            "{cost:?}"
        );
    }
}

fn png_with_pixels() -> (Vec<u8>, image::RgbaImage) {
    let pixels = image::RgbaImage::from_fn(40, 20, |x, y| {
        image::Rgba([x as u8 * 6, y as u8 * 12, 200, 255 - x as u8])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    pixels
        .write_to(&mut out, image::ImageFormat::Png)
        .expect("encode png");
    (out.into_inner(), pixels)
}

/// `png` with a chunk inserted after IHDR (8-byte signature + 25-byte IHDR chunk).
fn with_png_chunk(png: &[u8], kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut crc = flate2::Crc::new();
    crc.update(kind);
    crc.update(data);
    let mut chunk = (data.len() as u32).to_be_bytes().to_vec();
    chunk.extend_from_slice(kind);
    chunk.extend_from_slice(data);
    chunk.extend_from_slice(&crc.sum().to_be_bytes());
    [&png[..33], &chunk, &png[33..]].concat()
}

const MARKER: &[u8] = b"<html><body><script>alert(document.domain)</script></body></html>";

fn assert_no_marker(what: &str, bytes: &[u8]) {
    for needle in [&b"<script"[..], b"<html", b"alert"] {
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle),
            "{what}: {} survived",
            String::from_utf8_lossy(needle)
        );
    }
}

#[test]
fn png_polyglots_and_metadata_are_not_published() {
    let (png, pixels) = png_with_pixels();
    let appended = [&png[..], MARKER].concat();
    let text_chunk = with_png_chunk(&png, b"tEXt", &[b"Comment\0", MARKER].concat());
    let exif_chunk = with_png_chunk(
        &png,
        b"eXIf",
        &[b"MM\0\x2a\0\0\0\x08\0\0\0\0\0\0", MARKER].concat(),
    );
    for (what, bytes) in [
        ("appended page", appended),
        ("tEXt chunk", text_chunk),
        ("eXIf chunk", exif_chunk),
    ] {
        for logo in processed("logo.png", &bytes) {
            assert_no_marker(what, &logo.bytes().unwrap());
            assert_eq!(logo.format, LogoFormat::Png);
            assert!(logo.file_name.ends_with(".png"), "{}", logo.file_name);
            let decoded = image::load_from_memory_with_format(
                &logo.bytes().unwrap(),
                image::ImageFormat::Png,
            )
            .expect("published PNG decodes");
            assert_eq!(decoded.to_rgba8(), pixels, "{what}: same pixels");
            assert_eq!((logo.width, logo.height), (40.0, 20.0));
        }
    }
}

/// A 30 × 16 JPEG with an EXIF segment (orientation `orientation`) and a comment segment,
/// both carrying [`MARKER`], and the marker appended after the image's end.
fn jpeg_with_metadata(orientation: u16) -> Vec<u8> {
    let img = image::RgbImage::from_fn(30, 16, |x, y| image::Rgb([x as u8 * 8, y as u8 * 8, 90]));
    let mut plain = std::io::Cursor::new(Vec::new());
    img.write_to(&mut plain, image::ImageFormat::Jpeg)
        .expect("encode jpeg");
    let plain = plain.into_inner();
    let segment = |marker: u8, body: &[u8]| {
        let mut s = vec![0xFF, marker];
        s.extend_from_slice(&(body.len() as u16 + 2).to_be_bytes());
        s.extend_from_slice(body);
        s
    };
    // TIFF header, one IFD entry (Orientation, SHORT), no next IFD, then the marker.
    let mut exif = b"Exif\0\0MM\0\x2a\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01".to_vec();
    exif.extend_from_slice(&orientation.to_be_bytes());
    exif.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
    exif.extend_from_slice(MARKER);
    [
        &plain[..2],
        &segment(0xE1, &exif),
        &segment(0xFE, MARKER),
        &plain[2..],
        MARKER,
    ]
    .concat()
}

#[test]
fn jpeg_metadata_is_not_published_and_orientation_is_kept() {
    for (orientation, size) in [(1, (30, 16)), (6, (16, 30))] {
        for logo in processed("photo.jpg", &jpeg_with_metadata(orientation)) {
            assert_no_marker("jpeg", &logo.bytes().unwrap());
            assert_eq!(logo.format, LogoFormat::Jpeg);
            assert!(logo.file_name.ends_with(".jpg"), "{}", logo.file_name);
            let decoded = image::load_from_memory_with_format(
                &logo.bytes().unwrap(),
                image::ImageFormat::Jpeg,
            )
            .expect("published JPEG decodes");
            // The rotation EXIF asked for is in the pixels now, since EXIF is gone.
            assert_eq!((decoded.width(), decoded.height()), size);
            assert_eq!(
                (logo.width, logo.height),
                (f64::from(size.0), f64::from(size.1))
            );
        }
    }
}

/// The whole build, posters included, on a landscape whose logos carry the payloads: it
/// succeeds (the region bomb used to abort the PDF export), says what it removed, and
/// publishes nothing but inert logos.
#[test]
fn site_build_publishes_inert_logos_and_cheap_posters() {
    let tmp = tempfile::tempdir().unwrap();
    let data = support::data_copy(tmp.path());
    let logos = data.join("hosted_logos");
    let bomb = r#"<filter id="f" filterUnits="userSpaceOnUse" x="-1e5" y="-1e5" width="2e5" height="2e5"><feFlood flood-color="red"/></filter><circle cx="50" cy="50" r="40" filter="url(#f)"/>"#;
    let alpha = svg(
        r#" style="mask:url(#a');mask:url(https://evil.example/q1);font-family:'x'""#,
        &format!("<style>.a{{font-family:'x\n;mask:url(https://evil.example/n3);'}}</style>{bomb}"),
    );
    std::fs::write(logos.join("alpha.svg"), alpha).unwrap();
    let (png, pixels) = png_with_pixels();
    std::fs::write(logos.join("beta.png"), [&png[..], MARKER].concat()).unwrap();

    let run = cli::run(
        tmp.path(),
        &[
            "build",
            "--data",
            "data/landscape.yml",
            "--cache",
            "cache",
            "--posters",
            "-q",
        ],
    );
    let output = cli::text(&run);
    assert!(run.status.success(), "{output}");
    assert!(
        output.contains("logo `alpha.svg`: filters removed: filter `f` covers"),
        "{output}"
    );

    let published: Vec<_> = std::fs::read_dir(tmp.path().join("site/logos"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    let mut pngs = 0;
    for path in &published {
        let bytes = std::fs::read(path).unwrap();
        assert_no_marker(&path.display().to_string(), &bytes);
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("evil.example") && !text.contains("<filter"),
            "{text}"
        );
        let tile = path.to_string_lossy().ends_with(".tile.png");
        if path.extension().is_some_and(|e| e == "png") && !tile {
            pngs += 1;
            assert_eq!(image::load_from_memory(&bytes).unwrap().to_rgba8(), pixels);
        }
    }
    assert_eq!(pngs, 1, "{published:?}");
    for poster in ["landscape.pdf", "landscape.png"] {
        assert!(
            tmp.path().join("site/poster").join(poster).is_file(),
            "{poster}"
        );
    }
}
