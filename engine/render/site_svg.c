/* render/site_svg.c: the charts' SVG made small for the page.  cairo's SVG
 * surface writes text as glyph outlines, one <symbol> per glyph, in every
 * chart: an indicator page of nine charts carried the same letters nine
 * times (half its bytes).  The symbols of each chart move to one hidden
 * <svg> at the top of the page, each distinct outline once (keyed by its
 * path data), and the charts' <use> elements point at them: an inline SVG
 * may use an element of another SVG of the same document.  A shared file
 * cannot hold them: a page opened from file:// may not use another file's
 * SVG.  Besides, cairo's styles lose what they repeat to no effect: colours
 * as rgb(%) become #rrggbb (cairo's percentages are of 255 steps), and the
 * declarations that restate SVG's initial values go (cairo sets every
 * property on every element, so none is inherited from a group).  The
 * glyphs' positions are rounded to 0.01 pt as cairo's path data already is
 * (charts/backend.c), their outlines to 0.1 pt (a glyph is a few points
 * high, drawn a few pixels high). */
#include <stdio.h>
#include <string.h>

#include "render/site.h"

#define SYMBOL_OPEN "<symbol overflow=\"visible\" id=\""
#define SYMBOL_CLOSE "</symbol>"
#define USE_OPEN "<use xlink:href=\"#"
#define STYLE_OPEN " style=\""

/* v to dec decimals without trailing zeros ("27", "27.93", never "-0"). */
static void number(GString *o, double v, int dec) {
  char f[8], b[G_ASCII_DTOSTR_BUF_SIZE];
  snprintf(f, sizeof f, "%%.%df", dec);
  g_ascii_formatd(b, sizeof b, f, v);
  size_t n = strlen(b);
  while (dec > 0 && n > 0 && b[n - 1] == '0')
    b[--n] = 0;
  if (n > 0 && b[n - 1] == '.')
    b[--n] = 0;
  g_string_append(o, strcmp(b, "-0") ? b : "0");
}

/* Path data [q, end) with its numbers to dec decimals. */
static void round_path(GString *o, const char *q, const char *end, int dec) {
  while (q < end) {
    char *e = NULL;
    double v = (g_ascii_isdigit(*q) || *q == '-' || *q == '.') ? g_ascii_strtod(q, &e) : 0;
    if (e && e > q && e <= end) {
      number(o, v, dec);
      q = e;
    } else {
      g_string_append_c(o, *q++);
    }
  }
}

/* A glyph's outline as the page keeps it: its path data to 0.1 pt. */
static char *glyph_key(const char *body, const char *end) {
  GString *k = g_string_sized_new((gsize)(end - body));
  const char *d = g_strstr_len(body, end - body, " d=\"");
  const char *de = d ? memchr(d + 4, '"', (size_t)(end - (d + 4))) : NULL;
  if (!de) {
    g_string_append_len(k, body, end - body);
  } else {
    g_string_append_len(k, body, d + 4 - body);
    round_path(k, d + 4, de, 1);
    g_string_append_len(k, de, end - de);
  }
  return g_string_free(k, FALSE);
}

/* The symbol at q (SYMBOL_OPEN) into the page's set; ids maps its id in the
 * chart to its id in the page.  Returns the end of the symbol (and of its
 * line), or NULL when it is not one cairo wrote as expected. */
static const char *take_symbol(site *S, GHashTable *ids, const char *q) {
  const char *id = q + strlen(SYMBOL_OPEN), *ide = strchr(id, '"');
  const char *body = ide ? strchr(ide, '>') : NULL;
  const char *end = body ? strstr(body, SYMBOL_CLOSE) : NULL;
  if (!end)
    return NULL;
  char *key = glyph_key(body + 1, end);
  const char *gid = g_hash_table_lookup(S->glyphs, key);
  if (!gid) {
    char *nid = g_strdup_printf("g%u", g_hash_table_size(S->glyphs) + 1);
    g_string_append_printf(S->glyph_defs, "<symbol overflow=\"visible\" id=\"%s\">%s</symbol>\n",
                           nid, key);
    g_hash_table_insert(S->glyphs, key, nid);
    gid = nid;
  } else {
    g_free(key);
  }
  g_hash_table_insert(ids, g_strndup(id, (gsize)(ide - id)), (gpointer)gid);
  end += strlen(SYMBOL_CLOSE);
  return *end == '\n' ? end + 1 : end;
}

/* The number of attribute name (x=" or y=") at q, to 0.01; returns the end
 * of the attribute or NULL. */
static const char *coord(GString *o, const char *q, const char *name) {
  if (!g_str_has_prefix(q, name))
    return NULL;
  q += strlen(name);
  char *end = NULL;
  double v = g_ascii_strtod(q, &end);
  if (end == q || *end != '"')
    return NULL;
  g_string_append_printf(o, " %c=\"", name[1]);
  number(o, v, 2);
  g_string_append_c(o, '"');
  return end + 1;
}

/* The <use> at q (USE_OPEN) of a glyph in ids, as <use href="#gN" x y/>
 * (SVG 2's href; every browser with inline SVG reads it); returns its end,
 * or NULL (another use, copied as it is). */
static const char *glyph_use(GString *o, GHashTable *ids, const char *q) {
  const char *id = q + strlen(USE_OPEN), *ide = strchr(id, '"');
  if (!ide)
    return NULL;
  char *k = g_strndup(id, (gsize)(ide - id));
  const char *gid = g_hash_table_lookup(ids, k);
  g_free(k);
  if (!gid)
    return NULL;
  gsize mark = o->len;
  g_string_append_printf(o, "<use href=\"#%s\"", gid);
  const char *p = coord(o, ide + 1, " x=\"");
  p = p ? coord(o, p, " y=\"") : NULL;
  if (!p || !g_str_has_prefix(p, "/>")) {
    g_string_truncate(o, mark);
    return NULL;
  }
  g_string_append(o, "/>");
  return p + 2;
}

/* cairo's "rgb(r%,g%,b%)" at q as #rrggbb; returns its end, or NULL. */
static const char *hex_colour(GString *o, const char *q) {
  if (!g_str_has_prefix(q, "rgb("))
    return NULL;
  const char *p = q + 4;
  int c[3];
  for (int i = 0; i < 3; i++) {
    char *end = NULL;
    double v = g_ascii_strtod(p, &end);
    if (end == p || *end != '%' || end[1] != (i < 2 ? ',' : ')') || v < 0 || v > 100)
      return NULL;
    c[i] = (int)(v * 2.55 + 0.5);
    p = end + 2;
  }
  g_string_append_printf(o, "#%02x%02x%02x", c[0], c[1], c[2]);
  return p;
}

/* The declarations that restate SVG's initial values. */
static int initial(const char *decl, size_t n) {
  static const char *const drop[] = {"fill-opacity:1", "stroke-opacity:1", "stroke-linecap:butt",
                                     "stroke-linejoin:miter", "fill-rule:nonzero"};
  for (size_t i = 0; i < G_N_ELEMENTS(drop); i++)
    if (strlen(drop[i]) == n && !strncmp(decl, drop[i], n))
      return 1;
  return 0;
}

/* The style attribute at q (STYLE_OPEN), compact; returns its end. */
static const char *style(GString *o, const char *q) {
  const char *p = q + strlen(STYLE_OPEN), *end = strchr(p, '"');
  if (!end)
    return NULL;
  g_string_append(o, STYLE_OPEN);
  while (p < end) {
    while (p < end && (*p == ' ' || *p == ';'))
      p++;
    const char *de = p;
    while (de < end && *de != ';')
      de++;
    if (de > p && !initial(p, (size_t)(de - p))) {
      while (p < de) {
        const char *h = *p == 'r' ? hex_colour(o, p) : NULL;
        if (h && h <= de)
          p = h;
        else
          g_string_append_c(o, *p++);
      }
      g_string_append_c(o, ';');
    }
    p = de;
  }
  g_string_append_c(o, '"');
  return end + 1;
}

void site_svg_append(site *S, const char *svg) {
  GHashTable *ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  GString *o = S->page;
  const char *q = svg;
  while (*q) {
    const char *next = NULL;
    if (*q == '<' && g_str_has_prefix(q, SYMBOL_OPEN))
      next = take_symbol(S, ids, q);
    else if (*q == '<' && g_str_has_prefix(q, USE_OPEN)) {
      while (o->len && o->str[o->len - 1] == ' ') /* cairo's indent */
        g_string_truncate(o, o->len - 1);
      next = glyph_use(o, ids, q);
    } else if (*q == ' ' && g_str_has_prefix(q, STYLE_OPEN))
      next = style(o, q);
    if (next) {
      q = next;
      continue;
    }
    g_string_append_c(o, *q++);
  }
  g_hash_table_destroy(ids);
}

void site_glyphs_flush(site *S) {
  if (S->glyph_defs->len) {
    GString *h = g_string_new("<svg class=\"glyphs\" aria-hidden=\"true\" focusable=\"false\" "
                              "width=\"0\" height=\"0\"><defs>\n");
    g_string_append_len(h, S->glyph_defs->str, (gssize)S->glyph_defs->len);
    g_string_append(h, "</defs></svg>\n");
    g_string_insert_len(S->page, (gssize)S->glyph_at, h->str, (gssize)h->len);
    g_string_free(h, TRUE);
  }
  g_string_truncate(S->glyph_defs, 0);
  g_hash_table_remove_all(S->glyphs);
}
