//! The whitelist: which SVG elements, attributes and references may appear in a sanitized logo.
//!
//! Anything not listed here is dropped. The lists cover what static logos use (shapes, paint
//! servers, clipping, masking, filters, text, `<use>`, `<style>`) plus declarative animation,
//! whose dangerous forms (targeting `href`, `style` or event attributes) are refused.

use usvg::roxmltree::Node;

/// The SVG namespace.
pub(super) const SVG_NS: &str = "http://www.w3.org/2000/svg";
/// The XLink namespace (SVG 1.1 `xlink:href`).
pub(super) const XLINK_NS: &str = "http://www.w3.org/1999/xlink";
/// The implicit `xml:` namespace (`xml:space`, `xml:lang`).
pub(super) const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// An attribute without a namespace. roxmltree's `attribute("x")` also matches `foo:x`,
/// which would let `<set foo:attributeName="fill" attributeName="onclick">` pass a check
/// made on one attribute while the other is written out.
pub(super) fn plain_attr<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attributes()
        .find(|a| a.namespace().is_none() && a.name() == name)
        .map(|a| a.value())
}

/// What the sanitizer does with an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Treatment {
    /// Keep the element (with filtered attributes) and visit its children.
    Keep,
    /// Drop the element's tag but keep its children (links: `<a>`).
    Unwrap,
    /// Drop the element and everything inside it.
    Drop,
}

/// Decides what happens to an element. Elements outside the SVG namespace (editor metadata,
/// Illustrator's private data, embedded HTML) never render in an `<img>`, so they go.
pub(super) fn treatment(node: Node) -> Treatment {
    let tag = node.tag_name();
    if tag.namespace() != Some(SVG_NS) {
        return Treatment::Drop;
    }
    match tag.name() {
        "a" => Treatment::Unwrap,
        "animate" | "set" | "animateTransform" | "animateMotion" => {
            if animation_target_is_safe(plain_attr(node, "attributeName").unwrap_or("")) {
                Treatment::Keep
            } else {
                Treatment::Drop
            }
        }
        name if is_allowed_element(name) => Treatment::Keep,
        _ => Treatment::Drop,
    }
}

/// Animating `href` could point it at `javascript:`, animating `on*` could add a handler and
/// animating `style` could smuggle CSS past the attribute filter: none of that is allowed.
fn animation_target_is_safe(attribute_name: &str) -> bool {
    let name = attribute_name.trim().to_ascii_lowercase();
    let local = name.rsplit(':').next().unwrap_or("");
    !(local.is_empty() || local == "href" || local == "style" || local.starts_with("on"))
}

fn is_allowed_element(name: &str) -> bool {
    matches!(
        name,
        "svg"
            | "g"
            | "defs"
            | "symbol"
            | "use"
            | "switch"
            | "title"
            | "desc"
            | "style"
            | "path"
            | "rect"
            | "circle"
            | "ellipse"
            | "line"
            | "polyline"
            | "polygon"
            | "image"
            | "text"
            | "tspan"
            | "textPath"
            | "linearGradient"
            | "radialGradient"
            | "stop"
            | "pattern"
            | "clipPath"
            | "mask"
            | "marker"
            | "filter"
            | "feBlend"
            | "feColorMatrix"
            | "feComponentTransfer"
            | "feComposite"
            | "feConvolveMatrix"
            | "feDiffuseLighting"
            | "feDisplacementMap"
            | "feDistantLight"
            | "feDropShadow"
            | "feFlood"
            | "feFuncA"
            | "feFuncB"
            | "feFuncG"
            | "feFuncR"
            | "feGaussianBlur"
            | "feImage"
            | "feMerge"
            | "feMergeNode"
            | "feMorphology"
            | "feOffset"
            | "fePointLight"
            | "feSpecularLighting"
            | "feSpotLight"
            | "feTile"
            | "feTurbulence"
            | "animate"
            | "animateMotion"
            | "animateTransform"
            | "set"
            | "mpath"
    )
}

/// Elements whose text content is meaningful; text anywhere else is whitespace or junk.
pub(super) fn keeps_text(name: &str) -> bool {
    matches!(
        name,
        "text" | "tspan" | "textPath" | "style" | "title" | "desc"
    )
}

/// Attributes without a namespace that may be kept. Event handlers (`on*`) are absent by
/// construction; editor and framework attributes (`data-*`, `inkscape:*`) are dropped.
pub(super) fn is_allowed_attribute(name: &str) -> bool {
    matches!(
        name,
        // core and styling
        "id" | "class" | "style" | "lang" | "version"
        // geometry
        | "x" | "y" | "width" | "height" | "rx" | "ry" | "cx" | "cy" | "r" | "fx" | "fy" | "fr"
        | "x1" | "y1" | "x2" | "y2" | "d" | "points" | "pathLength" | "transform"
        | "viewBox" | "preserveAspectRatio"
        // references (value-checked separately)
        | "href"
        // paint servers, clipping, masking, markers
        | "gradientUnits" | "gradientTransform" | "spreadMethod" | "offset"
        | "patternUnits" | "patternContentUnits" | "patternTransform"
        | "clipPathUnits" | "maskUnits" | "maskContentUnits"
        | "markerUnits" | "markerWidth" | "markerHeight" | "refX" | "refY" | "orient"
        // filters
        | "filterUnits" | "primitiveUnits" | "filterRes" | "in" | "in2" | "result"
        | "stdDeviation" | "mode" | "type" | "values" | "tableValues" | "slope" | "intercept"
        | "amplitude" | "exponent" | "operator" | "k1" | "k2" | "k3" | "k4" | "dx" | "dy"
        | "edgeMode" | "kernelMatrix" | "kernelUnitLength" | "order" | "divisor" | "bias"
        | "targetX" | "targetY" | "preserveAlpha" | "surfaceScale" | "diffuseConstant"
        | "specularConstant" | "specularExponent" | "scale" | "xChannelSelector"
        | "yChannelSelector" | "baseFrequency" | "numOctaves" | "seed" | "stitchTiles"
        | "radius" | "azimuth" | "elevation" | "pointsAtX" | "pointsAtY" | "pointsAtZ" | "z"
        | "limitingConeAngle"
        // text
        | "rotate" | "textLength" | "lengthAdjust" | "startOffset" | "method" | "spacing"
        | "side"
        // conditional processing (decides which `<switch>` child renders)
        | "requiredFeatures" | "requiredExtensions" | "systemLanguage"
        // declarative animation (targets are checked in `treatment`)
        | "attributeName" | "attributeType" | "begin" | "dur" | "end" | "min" | "max"
        | "restart" | "repeatCount" | "repeatDur" | "calcMode" | "keyTimes" | "keySplines"
        | "from" | "to" | "by" | "additive" | "accumulate" | "path" | "keyPoints" | "origin"
        // `<style>`
        | "media"
    ) || is_presentation_attribute(name)
}

/// CSS properties that SVG also accepts as attributes.
fn is_presentation_attribute(name: &str) -> bool {
    matches!(
        name,
        "fill"
            | "fill-opacity"
            | "fill-rule"
            | "stroke"
            | "stroke-width"
            | "stroke-opacity"
            | "stroke-linecap"
            | "stroke-linejoin"
            | "stroke-miterlimit"
            | "stroke-dasharray"
            | "stroke-dashoffset"
            | "opacity"
            | "color"
            | "display"
            | "visibility"
            | "overflow"
            | "clip"
            | "clip-path"
            | "clip-rule"
            | "mask"
            | "mask-type"
            | "filter"
            | "marker"
            | "marker-start"
            | "marker-mid"
            | "marker-end"
            | "stop-color"
            | "stop-opacity"
            | "flood-color"
            | "flood-opacity"
            | "lighting-color"
            | "color-interpolation"
            | "color-interpolation-filters"
            | "color-rendering"
            | "shape-rendering"
            | "image-rendering"
            | "text-rendering"
            | "paint-order"
            | "vector-effect"
            | "mix-blend-mode"
            | "isolation"
            | "enable-background"
            | "transform-origin"
            | "transform-box"
            | "font"
            | "font-family"
            | "font-size"
            | "font-size-adjust"
            | "font-stretch"
            | "font-style"
            | "font-variant"
            | "font-weight"
            | "font-kerning"
            | "font-feature-settings"
            | "text-anchor"
            | "text-decoration"
            | "dominant-baseline"
            | "alignment-baseline"
            | "baseline-shift"
            | "letter-spacing"
            | "word-spacing"
            | "writing-mode"
            | "direction"
            | "unicode-bidi"
            | "glyph-orientation-vertical"
            | "glyph-orientation-horizontal"
            | "kerning"
            | "white-space"
            | "inline-size"
    )
}

/// CSS properties a `style` attribute or `<style>` rule may set: the presentation
/// attributes, the CSS-only ones that change how SVG renders (text, transforms, the root's
/// background), animations
/// (for the `@keyframes` kept), and custom properties (`--x`, read back with `var()`).
/// Editor leftovers (`-inkscape-*`, `shape-inside`) and properties SVG ignores go.
pub(super) fn is_allowed_property(name: &str) -> bool {
    is_presentation_attribute(name)
        || name.starts_with("--")
        || name.starts_with("animation")
        || name.starts_with("font-variant-")
        || name.starts_with("text-decoration-")
        || matches!(
            name,
            // usvg and browsers paint a root <svg>'s background (white-on-black logos).
            "background-color"
                | "transform"
                | "line-height"
                | "text-align"
                | "text-indent"
                | "text-transform"
                | "text-orientation"
                | "font-variation-settings"
                | "font-optical-sizing"
                | "pointer-events"
                | "solid-color"
                | "solid-opacity"
        )
}

/// Whether an `href` value may stay on an element: same-document fragments everywhere, and
/// inline raster images (never SVG, which could carry script) on `<image>` and `<feImage>`.
pub(super) fn is_allowed_href(element: &str, value: &str) -> bool {
    let v = value.trim();
    if let Some(fragment) = v.strip_prefix('#') {
        return !fragment.is_empty() && !fragment.contains(['(', ')']);
    }
    if !matches!(element, "image" | "feImage") {
        return false;
    }
    let Some(head) = v.get(..v.find(',').unwrap_or(v.len())) else {
        return false;
    };
    let head = head.to_ascii_lowercase();
    matches!(
        head.as_str(),
        "data:image/png;base64"
            | "data:image/jpeg;base64"
            | "data:image/jpg;base64"
            | "data:image/gif;base64"
            | "data:image/webp;base64"
    ) && v.len() > head.len() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_allow_fragments_and_inline_rasters_only() {
        assert!(is_allowed_href("use", "#logo"));
        assert!(is_allowed_href("image", " data:image/PNG;base64,iVBOR"));
        assert!(is_allowed_href("feImage", "data:image/webp;base64,UklGR"));
        assert!(!is_allowed_href("use", "data:image/png;base64,iVBOR"));
        assert!(!is_allowed_href(
            "image",
            "data:image/svg+xml;base64,PHN2Zz4="
        ));
        assert!(!is_allowed_href("image", "data:image/png,raw"));
        assert!(!is_allowed_href("image", "data:image/png;base64,"));
        assert!(!is_allowed_href("image", "https://example.com/a.png"));
        assert!(!is_allowed_href("use", "other.svg#a"));
        assert!(!is_allowed_href("use", "#"));
        assert!(!is_allowed_href("use", "javascript:alert(1)"));
        assert!(!is_allowed_href("use", "#xpointer(id('a'))"));
    }

    #[test]
    fn animation_targets() {
        assert!(animation_target_is_safe("fill"));
        assert!(animation_target_is_safe("transform"));
        assert!(!animation_target_is_safe("href"));
        assert!(!animation_target_is_safe(" xlink:HREF"));
        assert!(!animation_target_is_safe("onclick"));
        assert!(!animation_target_is_safe("style"));
        assert!(!animation_target_is_safe(""));
    }

    #[test]
    fn prefixed_attribute_name_does_not_shadow_the_real_one() {
        let text = format!(
            "<svg xmlns='{SVG_NS}' xmlns:f='urn:f'>\
             <set f:attributeName='fill' attributeName='onclick' to='alert(1)'/></svg>"
        );
        let doc = usvg::roxmltree::Document::parse(&text).expect("xml");
        let set = doc.root_element().first_element_child().expect("set");
        assert_eq!(plain_attr(set, "attributeName"), Some("onclick"));
        assert_eq!(treatment(set), Treatment::Drop);
    }

    #[test]
    fn event_handlers_are_not_on_the_list() {
        for name in [
            "onload",
            "onclick",
            "onmouseover",
            "onbegin",
            "data-name",
            "src",
        ] {
            assert!(!is_allowed_attribute(name), "{name}");
        }
        assert!(is_allowed_attribute("fill"));
        assert!(is_allowed_attribute("gradientTransform"));
    }
}
