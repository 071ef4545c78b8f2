//! One-line-per-item outlines: of generated source, so that `cargo xtask
//! codegen` can say what changed in the generated surface, and of a
//! crate's public API (`public_api`), which `codegen` pins.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt::Write as _;

use quote::quote;

type Result<T> = std::result::Result<T, syn::Error>;

/// A one-line-per-item outline of the public surface of generated source:
/// used by `cargo xtask codegen` to say what changed.
pub fn surface(source: &str) -> Result<Vec<String>> {
    let file: syn::File = syn::parse_file(source)?;
    let mut out = Vec::new();
    outline_items(&file.items, "", &mut out);
    Ok(out)
}

fn outline_items(items: &[syn::Item], prefix: &str, out: &mut Vec<String>) {
    for item in items {
        match item {
            syn::Item::Struct(s) => {
                let fields = field_list(s.fields.iter());
                out.push(format!("struct {prefix}{} {{ {} }}", s.ident, fields.join(", ")));
            }
            syn::Item::Enum(e) => {
                for v in &e.variants {
                    let fields = &v.fields;
                    let mut line = String::new();
                    let _ = write!(line, "enum {prefix}{}::{}", e.ident, v.ident);
                    if !fields.is_empty() {
                        let _ = write!(line, "{}", quote!(#fields));
                    }
                    out.push(line);
                }
            }
            syn::Item::Const(c) => {
                let ty = &c.ty;
                out.push(format!("const {prefix}{}: {}", c.ident, quote!(#ty)));
            }
            syn::Item::Impl(i) => {
                let ty = &i.self_ty;
                let trait_ = trait_prefix(i);
                for it in &i.items {
                    if let syn::ImplItem::Fn(f) = it
                        && matches!(f.vis, syn::Visibility::Public(_))
                    {
                        let sig = &f.sig;
                        out.push(format!("impl {trait_}{}: {}", quote!(#ty), quote!(#sig)));
                    }
                }
            }
            syn::Item::Mod(m) => {
                if let Some((_, items)) = &m.content {
                    outline_items(items, &format!("{prefix}{}::", m.ident), out);
                }
            }
            _ => {}
        }
    }
}

/// The public API of a crate, one line per item a user can name, sorted,
/// each under the path the user names it by (`blocking::Client`, not
/// `Client`): structs (with their pub fields, `#[non_exhaustive]` marked),
/// enums and their variants, traits and their items, type aliases,
/// consts, statics, functions, the pub methods and consts of inherent
/// impls, trait impls on public types, public modules, re-exports of other
/// crates' items, and the types `validated_string!` makes. Items behind
/// `#[cfg(...)]` (on them or on a module or re-export on their way) carry
/// that `#[cfg(...)]`.
///
/// The crate is walked from `lib.rs` along its `mod` declarations: `src`
/// maps paths relative to `src/` (`lib.rs`, `client/mod.rs`) to their
/// text, `generated` the names `include!(concat!(env!(..), "/name.rs"))`
/// asks for to theirs. A file of `src` that no `mod` reaches is an error:
/// it would be left out silently otherwise.
pub fn public_api(
    src: &BTreeMap<String, String>,
    generated: &BTreeMap<String, String>,
) -> anyhow::Result<Vec<String>> {
    let krate = Crate::load(src, generated)?;
    let unreached: Vec<&String> = src.keys().filter(|f| !krate.visited.contains(*f)).collect();
    if !unreached.is_empty() {
        anyhow::bail!("not reached from lib.rs by any `mod` declaration (so not compiled): {unreached:?}");
    }
    let mut out = krate.outline();
    out.sort();
    out.dedup();
    Ok(out)
}

/// `#[cfg(...)]` predicates, as token text (`feature = "blocking"`).
type Cfgs = BTreeSet<String>;

/// One module of the crate being outlined.
struct Module {
    parent: Option<usize>,
    /// Declared `pub` (not `pub(crate)`).
    public: bool,
    /// The `#[cfg(...)]` predicates on its declaration.
    cfg: Vec<String>,
    /// Under `#[cfg(test)]` or `#[cfg(doctest)]` (itself or an ancestor).
    test_only: bool,
    /// Its items, `include!`s expanded, `mod` items taken out (they are
    /// `children`).
    items: Vec<syn::Item>,
    children: BTreeMap<String, usize>,
    /// Its named items (indices into `Crate::defs`) by name.
    defs: BTreeMap<String, Vec<usize>>,
    uses: Vec<UseLeaf>,
}

/// One name a `use` item brings in (or one glob).
struct UseLeaf {
    /// The path imported (`client::Client`), or the module globbed.
    path: Vec<String>,
    /// `use ::x`: another crate for sure.
    leading_colon: bool,
    /// The name it is known by here; `None` for a glob.
    alias: Option<String>,
    public: bool,
    cfg: Vec<String>,
}

/// A named item: `Crate::modules[module].items[item]`.
struct Def {
    module: usize,
    item: usize,
    public: bool,
}

/// What a path names.
#[derive(Clone)]
enum Target {
    Def(usize),
    Module(usize),
    /// Outside the crate (or the prelude): the path as written.
    External(String),
}

/// A crate's modules and items, read from its sources.
struct Crate<'a> {
    src: &'a BTreeMap<String, String>,
    generated: &'a BTreeMap<String, String>,
    modules: Vec<Module>,
    defs: Vec<Def>,
    /// The files of `src` the walk read.
    visited: BTreeSet<String>,
}

impl<'a> Crate<'a> {
    fn load(
        src: &'a BTreeMap<String, String>,
        generated: &'a BTreeMap<String, String>,
    ) -> anyhow::Result<Self> {
        let mut krate = Crate {
            src,
            generated,
            modules: Vec::new(),
            defs: Vec::new(),
            visited: BTreeSet::new(),
        };
        let root = krate.new_module(None, true, Vec::new(), false);
        let items = krate.read("lib.rs")?;
        krate.add_items(root, items, "", "lib.rs")?;
        krate.index();
        Ok(krate)
    }

    fn new_module(
        &mut self,
        parent: Option<usize>,
        public: bool,
        cfg: Vec<String>,
        test_only: bool,
    ) -> usize {
        self.modules.push(Module {
            parent,
            public,
            cfg,
            test_only,
            items: Vec::new(),
            children: BTreeMap::new(),
            defs: BTreeMap::new(),
            uses: Vec::new(),
        });
        self.modules.len() - 1
    }

    /// Parses the source file `path` (relative to `src/`).
    fn read(&mut self, path: &str) -> anyhow::Result<Vec<syn::Item>> {
        let src = self.src;
        let Some(text) = src.get(path) else {
            anyhow::bail!("{path}: no such source file");
        };
        self.visited.insert(path.to_string());
        let file = syn::parse_file(text).map_err(|e| anyhow::anyhow!("parsing {path}: {e}"))?;
        Ok(file.items)
    }

    /// Adds `items`, read from `file`, to module `m`, whose `mod x;`
    /// declarations are found in `dir` (`x.rs` or `x/mod.rs`).
    fn add_items(&mut self, m: usize, items: Vec<syn::Item>, dir: &str, file: &str) -> anyhow::Result<()> {
        for item in items {
            match item {
                syn::Item::Mod(decl) => {
                    let name = decl.ident.to_string();
                    let test_only = self.modules[m].test_only || is_test_only(&decl.attrs);
                    let child = self.new_module(Some(m), is_pub(&decl.vis), cfgs(&decl.attrs), test_only);
                    self.modules[m].children.insert(name.clone(), child);
                    match decl.content {
                        Some((_, inner)) => self.add_items(child, inner, &format!("{dir}{name}/"), file)?,
                        None => {
                            let candidates = match path_attr(&decl.attrs) {
                                Some(p) => vec![format!("{}{p}", parent_dir(file))],
                                None => vec![format!("{dir}{name}.rs"), format!("{dir}{name}/mod.rs")],
                            };
                            let Some(path) = candidates.iter().find(|c| self.src.contains_key(*c)) else {
                                anyhow::bail!(
                                    "{file}: `mod {name};` has no file (looked for {candidates:?})"
                                );
                            };
                            let child_dir = match path.strip_suffix("mod.rs") {
                                Some(d) if d.is_empty() || d.ends_with('/') => d.to_string(),
                                _ => format!("{}/", path.trim_end_matches(".rs")),
                            };
                            let inner = self.read(path)?;
                            self.add_items(child, inner, &child_dir, &path.clone())?;
                        }
                    }
                }
                syn::Item::Macro(mac) if mac.mac.path.is_ident("include") => {
                    let (from_env, name) = include_target(&mac.mac)
                        .ok_or_else(|| anyhow::anyhow!("{file}: cannot follow `{}`", quote!(#mac)))?;
                    let (shown, inner) = if from_env {
                        let name = name.trim_start_matches('/');
                        let text = self.generated.get(name).ok_or_else(|| {
                            anyhow::anyhow!("{file}: includes the generated {name}, which was not given")
                        })?;
                        let parsed = syn::parse_file(text)
                            .map_err(|e| anyhow::anyhow!("parsing the generated {name}: {e}"))?;
                        (format!("{}{name}", parent_dir(file)), parsed.items)
                    } else {
                        let path = format!("{}{name}", parent_dir(file));
                        let inner = self.read(&path)?;
                        (path, inner)
                    };
                    self.add_items(m, inner, dir, &shown)?;
                }
                other => self.modules[m].items.push(other),
            }
        }
        Ok(())
    }

    /// Fills each module's `defs` and `uses`.
    fn index(&mut self) {
        for m in 0..self.modules.len() {
            let mut defs = Vec::new();
            let mut uses = Vec::new();
            for (i, item) in self.modules[m].items.iter().enumerate() {
                if is_test_only(item_attrs(item)) {
                    continue;
                }
                let named = match item {
                    syn::Item::Struct(s) => Some((s.ident.to_string(), is_pub(&s.vis))),
                    syn::Item::Enum(e) => Some((e.ident.to_string(), is_pub(&e.vis))),
                    syn::Item::Union(u) => Some((u.ident.to_string(), is_pub(&u.vis))),
                    syn::Item::Trait(t) => Some((t.ident.to_string(), is_pub(&t.vis))),
                    syn::Item::Type(t) => Some((t.ident.to_string(), is_pub(&t.vis))),
                    syn::Item::Const(c) => Some((c.ident.to_string(), is_pub(&c.vis))),
                    syn::Item::Static(s) => Some((s.ident.to_string(), is_pub(&s.vis))),
                    syn::Item::Fn(f) => Some((f.sig.ident.to_string(), is_pub(&f.vis))),
                    // `validated_string!` makes a `pub struct`.
                    syn::Item::Macro(mac) => validated_string_type(mac).map(|name| (name, true)),
                    syn::Item::Use(u) => {
                        flatten_use(&u.tree, &mut Vec::new(), &mut |path, alias| {
                            uses.push(UseLeaf {
                                path,
                                leading_colon: u.leading_colon.is_some(),
                                alias,
                                public: is_pub(&u.vis),
                                cfg: cfgs(&u.attrs),
                            });
                        });
                        None
                    }
                    _ => None,
                };
                if let Some((name, public)) = named
                    && name != "_"
                {
                    defs.push((name, i, public));
                }
            }
            for (name, item, public) in defs {
                self.defs.push(Def {
                    module: m,
                    item,
                    public,
                });
                let id = self.defs.len() - 1;
                self.modules[m].defs.entry(name).or_default().push(id);
            }
            self.modules[m].uses = uses;
        }
    }

    /// What `name` means in module `m`: its own items and modules, then
    /// what it imports by name, then what its globs import.
    fn lookup(&self, m: usize, name: &str, stack: &mut Vec<(usize, String)>) -> Option<Target> {
        let module = &self.modules[m];
        if let Some(&d) = module.defs.get(name).and_then(|d| d.first()) {
            return Some(Target::Def(d));
        }
        if let Some(&c) = module.children.get(name) {
            return Some(Target::Module(c));
        }
        // `use a::b::*` in a module `b` names: no loops.
        if stack.iter().any(|(sm, sn)| *sm == m && sn == name) {
            return None;
        }
        stack.push((m, name.to_string()));
        let mut named = module.uses.iter().filter(|u| u.alias.as_deref() == Some(name));
        let mut found = named.find_map(|u| self.resolve(m, u, stack));
        if found.is_none() {
            found = module.uses.iter().filter(|u| u.alias.is_none()).find_map(|u| {
                match self.resolve(m, u, stack) {
                    Some(Target::Module(t)) => self.lookup(t, name, stack),
                    _ => None,
                }
            });
        }
        stack.pop();
        found
    }

    fn resolve(&self, m: usize, leaf: &UseLeaf, stack: &mut Vec<(usize, String)>) -> Option<Target> {
        if leaf.leading_colon {
            return Some(Target::External(format!(":: {}", leaf.path.join(" :: "))));
        }
        self.resolve_path(m, &leaf.path, stack)
    }

    /// What `path`, written in module `m`, names (`None`: something inside
    /// an item, such as an enum's variant, or a name it does not have).
    fn resolve_path(&self, m: usize, path: &[String], stack: &mut Vec<(usize, String)>) -> Option<Target> {
        let mut cur = m;
        for (i, seg) in path.iter().enumerate() {
            let next = match seg.as_str() {
                "crate" if i == 0 => Target::Module(0),
                "self" if i == 0 => Target::Module(m),
                "super" => Target::Module(self.modules[cur].parent?),
                _ => match self.lookup(cur, seg, stack) {
                    Some(t) => t,
                    // Another crate, or the prelude.
                    None if i == 0 => return Some(Target::External(path.join(" :: "))),
                    None => return None,
                },
            };
            match next {
                Target::Module(c) => cur = c,
                Target::Def(_) if i + 1 < path.len() => return None,
                Target::External(p) => {
                    let rest = path[i + 1..]
                        .iter()
                        .map(|s| format!(" :: {s}"))
                        .collect::<String>();
                    return Some(Target::External(format!("{p}{rest}")));
                }
                def => return Some(def),
            }
        }
        Some(Target::Module(cur))
    }

    /// What can be named as `m::name` from outside `m`: its pub items and
    /// modules, and what it re-exports (by name, or by `pub use x::*`),
    /// each with the `#[cfg]`s of the re-export on the way.
    fn exports(&self, m: usize, visiting: &mut Vec<usize>) -> Vec<(String, Target, Vec<String>)> {
        let module = &self.modules[m];
        let mut out = Vec::new();
        let mut named = BTreeSet::new();
        for (name, defs) in &module.defs {
            named.insert(name.clone());
            for &d in defs {
                if self.defs[d].public {
                    out.push((name.clone(), Target::Def(d), Vec::new()));
                }
            }
        }
        for (name, &c) in &module.children {
            named.insert(name.clone());
            if self.modules[c].public && !self.modules[c].test_only {
                out.push((name.clone(), Target::Module(c), Vec::new()));
            }
        }
        for leaf in &module.uses {
            let Some(alias) = &leaf.alias else { continue };
            named.insert(alias.clone());
            if leaf.public
                && let Some(t) = self.resolve(m, leaf, &mut Vec::new())
            {
                out.push((alias.clone(), t, leaf.cfg.clone()));
            }
        }
        visiting.push(m);
        for leaf in module.uses.iter().filter(|u| u.public && u.alias.is_none()) {
            match self.resolve(m, leaf, &mut Vec::new()) {
                Some(Target::Module(t)) if !visiting.contains(&t) => {
                    for (name, target, mut cfg) in self.exports(t, visiting) {
                        // A name of the module's own wins over a glob's.
                        if !named.contains(&name) {
                            cfg.extend(leaf.cfg.iter().cloned());
                            out.push((name, target, cfg));
                        }
                    }
                }
                Some(Target::External(p)) => out.push(("*".into(), Target::External(p), leaf.cfg.clone())),
                _ => {}
            }
        }
        visiting.pop();
        out
    }

    /// The `#[cfg]`s of module `m` and its ancestors.
    fn module_cfg(&self, m: usize) -> Cfgs {
        let mut cfg = Cfgs::new();
        let mut cur = Some(m);
        while let Some(c) = cur {
            cfg.extend(self.modules[c].cfg.iter().cloned());
            cur = self.modules[c].parent;
        }
        cfg
    }

    fn item(&self, d: usize) -> &syn::Item {
        &self.modules[self.defs[d].module].items[self.defs[d].item]
    }

    /// The outline, unsorted.
    fn outline(&self) -> Vec<String> {
        let mut out = Vec::new();
        // Each public item's shortest public path (then the first in
        // order), with the `#[cfg]`s on its way: walked breadth first from
        // the root, through public modules and re-exports.
        let mut best: BTreeMap<usize, (usize, String, Cfgs)> = BTreeMap::new();
        let mut seen = BTreeSet::from([0]);
        let mut queue = VecDeque::from([(0, String::new(), Cfgs::new())]);
        while let Some((m, prefix, route)) = queue.pop_front() {
            let depth = prefix.matches("::").count();
            for (name, target, cfg) in self.exports(m, &mut Vec::new()) {
                let mut cfgs = route.clone();
                cfgs.extend(cfg);
                let path = format!("{prefix}{name}");
                match target {
                    Target::Def(d) => {
                        let better = best.get(&d).is_none_or(|(bd, bp, _)| (depth, &path) < (*bd, bp));
                        if better {
                            let d_module = self.defs[d].module;
                            cfgs.extend(self.module_cfg(d_module));
                            cfgs.extend(cfgs_of(item_attrs(self.item(d))));
                            best.insert(d, (depth, path, cfgs));
                        }
                    }
                    Target::Module(c) => {
                        if seen.insert(c) {
                            cfgs.extend(self.module_cfg(c));
                            out.push(format!("{}pub mod {path}", cfg_prefix(&cfgs)));
                            queue.push_back((c, format!("{path}::"), cfgs));
                        }
                    }
                    Target::External(source) => {
                        let line = if name == "*" {
                            format!("pub use {source} :: *{}", in_module(&prefix))
                        } else if prefix.is_empty() && source.rsplit(" :: ").next() == Some(name.as_str()) {
                            format!("pub use {source}")
                        } else {
                            format!("pub use {source} as {path}")
                        };
                        out.push(format!("{}{line}", cfg_prefix(&cfgs)));
                    }
                }
            }
        }
        for (&d, (_, path, cfgs)) in &best {
            self.item_lines(self.item(d), path, cfgs, &mut out);
        }
        self.impl_lines(&best, &mut out);
        out
    }

    /// The lines of the item `item`, public as `path`.
    fn item_lines(&self, item: &syn::Item, path: &str, cfgs: &Cfgs, out: &mut Vec<String>) {
        let cfg = cfg_prefix(cfgs);
        match item {
            syn::Item::Struct(s) => {
                let fields = field_list(s.fields.iter().filter(|f| is_pub(&f.vis)));
                let hidden = s.fields.iter().any(|f| !is_pub(&f.vis));
                let body = match (fields.is_empty(), hidden) {
                    (true, true) => "{ .. }".to_string(),
                    (true, false) => "{}".to_string(),
                    (false, true) => format!("{{ {}, .. }}", fields.join(", ")),
                    (false, false) => format!("{{ {} }}", fields.join(", ")),
                };
                let generics = &s.generics;
                out.push(format!(
                    "{cfg}{}pub struct {path}{} {body}",
                    non_exhaustive(&s.attrs),
                    quote!(#generics)
                ));
            }
            syn::Item::Union(u) => {
                let fields = field_list(u.fields.named.iter().filter(|f| is_pub(&f.vis)));
                let generics = &u.generics;
                out.push(format!(
                    "{cfg}pub union {path}{} {{ {} }}",
                    quote!(#generics),
                    fields.join(", ")
                ));
            }
            syn::Item::Enum(e) => {
                let generics = &e.generics;
                out.push(format!(
                    "{cfg}{}pub enum {path}{}",
                    non_exhaustive(&e.attrs),
                    quote!(#generics)
                ));
                for v in &e.variants {
                    if is_test_only(&v.attrs) {
                        continue;
                    }
                    let mut vcfgs = cfgs.clone();
                    vcfgs.extend(cfgs_of(&v.attrs));
                    // Names and types only: no attributes or docs.
                    let fields: Vec<String> = v
                        .fields
                        .iter()
                        .map(|f| {
                            let ty = &f.ty;
                            match &f.ident {
                                Some(name) => format!("{name}: {}", quote!(#ty)),
                                None => quote!(#ty).to_string(),
                            }
                        })
                        .collect();
                    let shape = match &v.fields {
                        syn::Fields::Named(_) => format!(" {{ {} }}", fields.join(", ")),
                        syn::Fields::Unnamed(_) => format!("({})", fields.join(", ")),
                        syn::Fields::Unit => String::new(),
                    };
                    out.push(format!(
                        "{}pub enum {path}::{}{shape}",
                        cfg_prefix(&vcfgs),
                        v.ident
                    ));
                }
            }
            syn::Item::Const(c) => {
                let ty = &c.ty;
                out.push(format!("{cfg}pub const {path}: {}", quote!(#ty)));
            }
            syn::Item::Static(s) => {
                let ty = &s.ty;
                let mutability = match s.mutability {
                    syn::StaticMutability::Mut(_) => "mut ",
                    _ => "",
                };
                out.push(format!("{cfg}pub static {mutability}{path}: {}", quote!(#ty)));
            }
            syn::Item::Fn(f) => {
                let sig = &f.sig;
                let sig = quote!(#sig).to_string();
                let name = format!("fn {}", f.sig.ident);
                out.push(format!(
                    "{cfg}pub {}",
                    sig.replacen(&name, &format!("fn {path}"), 1)
                ));
            }
            syn::Item::Type(t) => {
                let ty = &t.ty;
                let generics = &t.generics;
                out.push(format!(
                    "{cfg}pub type {path}{} = {}",
                    quote!(#generics),
                    quote!(#ty)
                ));
            }
            syn::Item::Trait(t) => {
                let generics = &t.generics;
                let bounds = &t.supertraits;
                let bounds = if bounds.is_empty() {
                    String::new()
                } else {
                    format!(": {}", quote!(#bounds))
                };
                out.push(format!("{cfg}pub trait {path}{}{bounds}", quote!(#generics)));
                for it in &t.items {
                    let line = match it {
                        syn::TraitItem::Fn(f) => {
                            let sig = &f.sig;
                            let provided = if f.default.is_some() { " (provided)" } else { "" };
                            format!("{}{provided}", quote!(#sig))
                        }
                        syn::TraitItem::Type(ty) => {
                            let (name, generics, bounds) = (&ty.ident, &ty.generics, &ty.bounds);
                            let bounds = if bounds.is_empty() {
                                String::new()
                            } else {
                                format!(": {}", quote!(#bounds))
                            };
                            format!("type {name}{}{bounds}", quote!(#generics))
                        }
                        syn::TraitItem::Const(c) => {
                            let ty = &c.ty;
                            format!("const {}: {}", c.ident, quote!(#ty))
                        }
                        _ => continue,
                    };
                    out.push(format!("{cfg}trait {path}: {line}"));
                }
            }
            syn::Item::Macro(_) => out.push(format!("{cfg}pub struct {path}(..) (validated string)")),
            _ => {}
        }
    }

    /// The lines of every impl block of the crate whose type is public:
    /// `impl Type: pub fn ...` (the type by its public path), and
    /// `impl Trait for Type` unless the trait is private.
    fn impl_lines(&self, best: &BTreeMap<usize, (usize, String, Cfgs)>, out: &mut Vec<String>) {
        for (m, module) in self.modules.iter().enumerate() {
            if module.test_only {
                continue;
            }
            for item in &module.items {
                let syn::Item::Impl(i) = item else { continue };
                if is_test_only(&i.attrs) {
                    continue;
                }
                let mut cfgs = self.module_cfg(m);
                cfgs.extend(cfgs_of(&i.attrs));
                // The trait: skipped when private, its `#[cfg]`s kept.
                if let Some((trait_path, _)) = &i.trait_ {
                    let segments: Vec<String> =
                        trait_path.segments.iter().map(|s| s.ident.to_string()).collect();
                    let resolved = match trait_path.leading_colon {
                        Some(_) => None,
                        None => self.resolve_path(m, &segments, &mut Vec::new()),
                    };
                    if let Some(Target::Def(t)) = resolved {
                        let Some((_, _, trait_cfgs)) = best.get(&t) else {
                            continue;
                        };
                        cfgs.extend(trait_cfgs.iter().cloned());
                    }
                }
                let self_ty = &i.self_ty;
                let (ty, own_type) = match self.impl_type(m, self_ty, best) {
                    SelfType::Public(path, type_cfgs) => {
                        cfgs.extend(type_cfgs.iter().cloned());
                        (path, true)
                    }
                    SelfType::Private => continue,
                    // Another crate's type (or a type parameter): only a
                    // trait impl can be API, and only if the trait is the
                    // crate's.
                    SelfType::Foreign => (quote!(#self_ty).to_string(), false),
                };
                if i.trait_.is_some() {
                    if own_type || self.is_own_trait(m, i) {
                        out.push(format!("{}impl {}{ty}", cfg_prefix(&cfgs), trait_prefix(i)));
                    }
                    continue;
                }
                if !own_type {
                    continue;
                }
                for it in &i.items {
                    let (attrs, line) = match it {
                        syn::ImplItem::Fn(f) if is_pub(&f.vis) => {
                            let sig = &f.sig;
                            (&f.attrs, format!("pub {}", quote!(#sig)))
                        }
                        syn::ImplItem::Const(c) if is_pub(&c.vis) => {
                            let cty = &c.ty;
                            (&c.attrs, format!("pub const {}: {}", c.ident, quote!(#cty)))
                        }
                        _ => continue,
                    };
                    if is_test_only(attrs) {
                        continue;
                    }
                    let mut item_cfgs = cfgs.clone();
                    item_cfgs.extend(cfgs_of(attrs));
                    out.push(format!("{}impl {ty}: {line}", cfg_prefix(&item_cfgs)));
                }
            }
        }
    }

    /// The type of an impl block written in module `m`, by its public path.
    fn impl_type<'b>(
        &self,
        m: usize,
        ty: &syn::Type,
        best: &'b BTreeMap<usize, (usize, String, Cfgs)>,
    ) -> SelfType<'b> {
        let syn::Type::Path(p) = ty else {
            return SelfType::Foreign;
        };
        if p.qself.is_some() || p.path.leading_colon.is_some() {
            return SelfType::Foreign;
        }
        let segments: Vec<String> = p.path.segments.iter().map(|s| s.ident.to_string()).collect();
        let Some(Target::Def(d)) = self.resolve_path(m, &segments, &mut Vec::new()) else {
            return SelfType::Foreign;
        };
        let Some((_, path, cfgs)) = best.get(&d) else {
            return SelfType::Private;
        };
        // `NotSent < E >`: the generic arguments as written.
        let args = p.path.segments.last().map(|s| &s.arguments);
        let args = quote!(#args).to_string();
        let args = if args.is_empty() { args } else { format!(" {args}") };
        SelfType::Public(format!("{path}{args}"), cfgs)
    }

    /// Whether the trait `i` implements is one of the crate's (public) own.
    fn is_own_trait(&self, m: usize, i: &syn::ItemImpl) -> bool {
        let Some((path, _)) = &i.trait_ else {
            return false;
        };
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        path.leading_colon.is_none()
            && matches!(
                self.resolve_path(m, &segments, &mut Vec::new()),
                Some(Target::Def(_))
            )
    }
}

/// The type of an impl block.
enum SelfType<'a> {
    /// One of the crate's public types: its public path (and generic
    /// arguments), and its `#[cfg]`s.
    Public(String, &'a Cfgs),
    /// One of the crate's types, not public: the impl is not API.
    Private,
    /// Not the crate's.
    Foreign,
}

/// ` (in blocking::)` for a glob re-export inside a module.
fn in_module(prefix: &str) -> String {
    if prefix.is_empty() {
        String::new()
    } else {
        format!(" (in {prefix})")
    }
}

/// Each path (and the name it is known by) a `use` tree brings in; the
/// name is `None` for a glob. `_` imports name nothing.
fn flatten_use(
    tree: &syn::UseTree,
    prefix: &mut Vec<String>,
    add: &mut impl FnMut(Vec<String>, Option<String>),
) {
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            flatten_use(&p.tree, prefix, add);
            prefix.pop();
        }
        syn::UseTree::Name(n) if n.ident == "self" => {
            if let Some(last) = prefix.last() {
                add(prefix.clone(), Some(last.clone()));
            }
        }
        syn::UseTree::Name(n) => {
            let mut path = prefix.clone();
            path.push(n.ident.to_string());
            add(path, Some(n.ident.to_string()));
        }
        syn::UseTree::Rename(r) if r.rename == "_" => {}
        syn::UseTree::Rename(r) => {
            let mut path = prefix.clone();
            if r.ident != "self" {
                path.push(r.ident.to_string());
            }
            add(path, Some(r.rename.to_string()));
        }
        syn::UseTree::Glob(_) => add(prefix.clone(), None),
        syn::UseTree::Group(g) => {
            for t in &g.items {
                flatten_use(t, prefix, add);
            }
        }
    }
}

/// `include!("x.rs")` or `include!(concat!(env!("VAR"), "/x.rs"))`: whether
/// the path starts from an environment variable, and the rest of it.
fn include_target(mac: &syn::Macro) -> Option<(bool, String)> {
    fn walk(expr: &syn::Expr, from_env: &mut bool, text: &mut String) -> Option<()> {
        match expr {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => text.push_str(&s.value()),
            syn::Expr::Macro(m) if m.mac.path.is_ident("env") => *from_env = true,
            syn::Expr::Macro(m) if m.mac.path.is_ident("concat") => {
                let parts = m
                    .mac
                    .parse_body_with(
                        syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated,
                    )
                    .ok()?;
                for part in &parts {
                    walk(part, from_env, text)?;
                }
            }
            _ => return None,
        }
        Some(())
    }
    let expr: syn::Expr = mac.parse_body().ok()?;
    let (mut from_env, mut text) = (false, String::new());
    walk(&expr, &mut from_env, &mut text)?;
    Some((from_env, text))
}

/// The directory part of a path relative to `src/`, with its `/`.
fn parent_dir(file: &str) -> &str {
    file.rfind('/').map_or("", |i| &file[..=i])
}

/// `#[path = "..."]` on a `mod` declaration.
fn path_attr(attrs: &[syn::Attribute]) -> Option<String> {
    attrs
        .iter()
        .find(|a| a.path().is_ident("path"))
        .and_then(|a| match &a.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value()),
                _ => None,
            },
            _ => None,
        })
}

fn item_attrs(item: &syn::Item) -> &[syn::Attribute] {
    match item {
        syn::Item::Const(i) => &i.attrs,
        syn::Item::Enum(i) => &i.attrs,
        syn::Item::ExternCrate(i) => &i.attrs,
        syn::Item::Fn(i) => &i.attrs,
        syn::Item::ForeignMod(i) => &i.attrs,
        syn::Item::Impl(i) => &i.attrs,
        syn::Item::Macro(i) => &i.attrs,
        syn::Item::Mod(i) => &i.attrs,
        syn::Item::Static(i) => &i.attrs,
        syn::Item::Struct(i) => &i.attrs,
        syn::Item::Trait(i) => &i.attrs,
        syn::Item::TraitAlias(i) => &i.attrs,
        syn::Item::Type(i) => &i.attrs,
        syn::Item::Union(i) => &i.attrs,
        syn::Item::Use(i) => &i.attrs,
        _ => &[],
    }
}

/// The predicates of the `#[cfg(...)]` attributes among `attrs`.
fn cfgs(attrs: &[syn::Attribute]) -> Vec<String> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("cfg"))
        .filter_map(|a| match &a.meta {
            syn::Meta::List(l) => Some(l.tokens.to_string()),
            _ => None,
        })
        .collect()
}

fn cfgs_of(attrs: &[syn::Attribute]) -> Cfgs {
    cfgs(attrs).into_iter().collect()
}

/// Only compiled for tests (`#[cfg(test)]`, `#[cfg(doctest)]`): not API.
fn is_test_only(attrs: &[syn::Attribute]) -> bool {
    cfgs(attrs).iter().any(|c| c == "test" || c == "doctest")
}

/// `#[cfg(a)] ` or `#[cfg(all(a, b))] ` for the predicates `cfgs`.
fn cfg_prefix(cfgs: &Cfgs) -> String {
    match cfgs.len() {
        0 => String::new(),
        1 => format!("#[cfg({})] ", cfgs.iter().next().map_or("", String::as_str)),
        _ => format!(
            "#[cfg(all({}))] ",
            cfgs.iter().cloned().collect::<Vec<_>>().join(", ")
        ),
    }
}

/// The type a `validated_string!(... Name, "field")` makes.
fn validated_string_type(m: &syn::ItemMacro) -> Option<String> {
    let name = m
        .mac
        .path
        .segments
        .last()
        .map(|s| s.ident.to_string())
        .unwrap_or_default();
    if name != "validated_string" {
        return None;
    }
    let tokens = m.mac.tokens.to_string();
    tokens
        .rsplit_once(',')
        .and_then(|(head, _)| head.split_whitespace().last())
        .map(str::to_string)
}

/// `Trait for ` of a trait impl, empty for an inherent one.
fn trait_prefix(i: &syn::ItemImpl) -> String {
    i.trait_
        .as_ref()
        .map(|(p, _)| format!("{} for ", quote!(#p)))
        .unwrap_or_default()
}

/// `name: Type` (or just `Type` for tuple fields), without attributes.
fn field_list<'a>(fields: impl Iterator<Item = &'a syn::Field>) -> Vec<String> {
    fields
        .map(|f| {
            let name = f.ident.as_ref().map(|i| format!("{i}: ")).unwrap_or_default();
            let ty = &f.ty;
            format!("{name}{}", quote!(#ty))
        })
        .collect()
}

fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

fn non_exhaustive(attrs: &[syn::Attribute]) -> &'static str {
    if attrs.iter().any(|a| a.path().is_ident("non_exhaustive")) {
        "#[non_exhaustive] "
    } else {
        ""
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> BTreeMap<String, String> {
        list.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    /// A tiny crate shaped like the facade: private modules re-exported at
    /// the root, a `pub mod blocking` behind a feature, generated files
    /// `include!`d into private submodules and glob re-exported.
    fn tiny_crate() -> (BTreeMap<String, String>, BTreeMap<String, String>) {
        let src = files(&[
            (
                "lib.rs",
                r#"
                mod action;
                #[cfg(feature = "blocking")]
                pub mod blocking;
                mod client;
                mod error;
                pub mod pace;

                pub use action::*;
                pub use client::chat::*;
                pub use client::{Client, DEFAULT_TIMEOUT};
                pub use error::{Error, Result};
                pub use dep::{Provider, ValueType};
                pub use dep as api;

                #[cfg(test)]
                mod tests {
                    pub struct Hidden;
                }
                #[cfg(doctest)]
                struct Readme;
                "#,
            ),
            (
                "action/mod.rs",
                r#"
                pub enum ChatAction { Mute, #[cfg(feature = "pin")] Pin(bool) }
                pub(crate) fn check_text() {}
                mod generated {
                    include!(concat!(env!("POSTPRESS_GENERATED"), "/actions.rs"));
                }
                pub use generated::*;
                "#,
            ),
            (
                "client/mod.rs",
                r#"
                pub(crate) mod chat;
                use std::time::Duration;
                pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
                pub struct Client { inner: u32 }
                impl Client {
                    pub fn builder() -> u32 { 0 }
                    pub(crate) fn secret(&self) {}
                }
                impl std::fmt::Debug for Client {}
                "#,
            ),
            (
                "client/chat.rs",
                r#"
                use crate::Client;
                pub struct Chat { pub id: String, client: Client }
                mod handles {
                    include!(concat!(env!("POSTPRESS_GENERATED"), "/handles.rs"));
                }
                pub use handles::*;
                "#,
            ),
            (
                "blocking.rs",
                r#"
                use crate::Result;
                mod handles {
                    include!(concat!(env!("POSTPRESS_GENERATED"), "/blocking.rs"));
                }
                pub use handles::*;
                pub struct Client { inner: crate::Client }
                impl Client {
                    pub fn chat(&self) -> Chat { self.chat.clone() }
                }
                pub struct Chat { chat: crate::Chat }
                impl std::fmt::Debug for Chat {}
                trait Sealed {}
                impl Sealed for Chat {}
                "#,
            ),
            (
                "error.rs",
                "#[non_exhaustive] pub enum Error { Io(String) }\npub type Result<T, E = Error> = std::result::Result<T, E>;",
            ),
            (
                "pace/mod.rs",
                r#"
                mod limit;
                pub use limit::RateLimiter;
                pub trait Pace: Send { fn acquire(&self); fn rate_limited(&self) {} }
                pub(crate) enum Pacer { Local(RateLimiter) }
                impl Pace for std::sync::Arc<dyn Pace> {}
                "#,
            ),
            (
                "pace/limit.rs",
                "pub struct RateLimiter(u32);\nimpl RateLimiter { pub fn new(n: u32) -> Self { Self(n) } }",
            ),
        ]);
        let generated = files(&[
            (
                "actions.rs",
                "validated_string!(Label, \"label\");\nimpl crate::Label { pub fn len(&self) -> usize { 0 } }",
            ),
            (
                "handles.rs",
                r#"
                impl crate::Chat { pub async fn mark_read(&self) -> crate::Result<()> { Ok(()) } }
                pub struct WhatsAppChat { chat: crate::Chat }
                impl crate::Client { pub fn whatsapp_chat(&self) -> WhatsAppChat { WhatsAppChat(self.chat()) } }
                "#,
            ),
            (
                "blocking.rs",
                r#"
                use crate::ChatAction;
                impl crate::blocking::Chat { pub fn mark_read(&self) -> crate::Result<()> { Ok(()) } }
                pub struct WhatsAppChat { chat: crate::blocking::Chat }
                impl WhatsAppChat { pub fn archive(&self) -> crate::Result<()> { Ok(()) } }
                impl crate::blocking::Client { pub fn whatsapp_chat(&self) -> WhatsAppChat { WhatsAppChat(self.chat()) } }
                "#,
            ),
        ]);
        (src, generated)
    }

    #[test]
    fn items_are_listed_by_the_path_a_user_names_them_by() -> anyhow::Result<()> {
        let (src, generated) = tiny_crate();
        let api = public_api(&src, &generated)?;
        let b = r#"#[cfg(feature = "blocking")] "#;
        let expected: Vec<String> = [
            format!("{b}impl blocking::Chat: pub fn mark_read (& self) -> crate :: Result < () >"),
            format!("{b}impl blocking::Client: pub fn chat (& self) -> Chat"),
            format!("{b}impl blocking::Client: pub fn whatsapp_chat (& self) -> WhatsAppChat"),
            format!("{b}impl blocking::WhatsAppChat: pub fn archive (& self) -> crate :: Result < () >"),
            format!("{b}impl std :: fmt :: Debug for blocking::Chat"),
            format!("{b}pub mod blocking"),
            format!("{b}pub struct blocking::Chat {{ .. }}"),
            format!("{b}pub struct blocking::Client {{ .. }}"),
            format!("{b}pub struct blocking::WhatsAppChat {{ .. }}"),
            r#"#[cfg(feature = "pin")] pub enum ChatAction::Pin(bool)"#.to_string(),
            "#[non_exhaustive] pub enum Error".to_string(),
            "impl Chat: pub async fn mark_read (& self) -> crate :: Result < () >".to_string(),
            "impl Client: pub fn builder () -> u32".to_string(),
            "impl Client: pub fn whatsapp_chat (& self) -> WhatsAppChat".to_string(),
            "impl Label: pub fn len (& self) -> usize".to_string(),
            "impl Pace for std :: sync :: Arc < dyn Pace >".to_string(),
            "impl pace::RateLimiter: pub fn new (n : u32) -> Self".to_string(),
            "impl std :: fmt :: Debug for Client".to_string(),
            "pub const DEFAULT_TIMEOUT: Duration".to_string(),
            "pub enum ChatAction".to_string(),
            "pub enum ChatAction::Mute".to_string(),
            "pub enum Error::Io(String)".to_string(),
            "pub mod pace".to_string(),
            "pub struct Chat { id: String, .. }".to_string(),
            "pub struct Client { .. }".to_string(),
            "pub struct Label(..) (validated string)".to_string(),
            "pub struct WhatsAppChat { .. }".to_string(),
            "pub struct pace::RateLimiter { .. }".to_string(),
            "pub trait pace::Pace: Send".to_string(),
            "pub type Result< T , E = Error > = std :: result :: Result < T , E >".to_string(),
            "pub use dep :: Provider".to_string(),
            "pub use dep :: ValueType".to_string(),
            "pub use dep as api".to_string(),
            "trait pace::Pace: fn acquire (& self)".to_string(),
            "trait pace::Pace: fn rate_limited (& self) (provided)".to_string(),
        ]
        .into_iter()
        .collect();
        let mut expected = expected;
        expected.sort();
        if api != expected {
            let diff = similar::TextDiff::from_lines(&expected.join("\n"), &api.join("\n"))
                .unified_diff()
                .to_string();
            panic!("--- expected\n+++ outlined\n{diff}");
        }
        Ok(())
    }

    #[test]
    fn a_file_no_mod_reaches_is_an_error() {
        let (mut src, generated) = tiny_crate();
        src.insert("stray.rs".into(), "pub struct Stray;".into());
        let Err(err) = public_api(&src, &generated) else {
            panic!("no error for a stray file");
        };
        assert!(err.to_string().contains("stray.rs"), "{err}");
    }

    #[test]
    fn a_mod_without_its_file_is_an_error() {
        let (mut src, generated) = tiny_crate();
        src.remove("pace/limit.rs");
        let Err(err) = public_api(&src, &generated) else {
            panic!("no error for a missing file");
        };
        assert!(err.to_string().contains("mod limit;"), "{err}");
    }
}
