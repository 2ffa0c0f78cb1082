#include <vips/vips.h>

/* libvips takes optional arguments as NULL-terminated varargs, which Swift cannot call. Each wrapper below fixes
 * one call's arguments; Sources/Images/Vips.swift is the only caller. */

/* libvips reports decode trouble through GLib warnings on stderr as well as through the error it returns; Troupe logs
 * the error (with the file it was about), so the bare warning is dropped. */
static inline void troupe_vips_drop_warning(const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer data) {
    (void)domain; (void)level; (void)message; (void)data;
}

static inline void troupe_vips_quiet_warnings(void) {
    g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING, troupe_vips_drop_warning, NULL);
}

/* Opens an image lazily: only its header is read until pixels are asked for. */
static inline VipsImage *troupe_vips_open(const char *filename) {
    return vips_image_new_from_file(filename, "access", VIPS_ACCESS_SEQUENTIAL, NULL);
}

static inline VipsImage *troupe_vips_open_buffer(const void *data, size_t length) {
    return vips_image_new_from_buffer(data, length, "", NULL);
}

/* Fits the image inside size × size, never enlarging it, turned upright by its EXIF orientation (vips_thumbnail
 * rotates unless no_rotate is set). A decode error fails it, rather than padding a broken file with grey.
 * to_srgb: convert from the embedded ICC profile to sRGB, so that the colours survive stripping the profile. */
static inline int troupe_vips_thumbnail(const char *filename, VipsImage **out, int size, gboolean to_srgb) {
    if (to_srgb)
        return vips_thumbnail(filename, out, size, "height", size, "size", VIPS_SIZE_DOWN,
                              "fail_on", VIPS_FAIL_ON_ERROR, "export_profile", "srgb", NULL);
    return vips_thumbnail(filename, out, size, "height", size, "size", VIPS_SIZE_DOWN,
                          "fail_on", VIPS_FAIL_ON_ERROR, NULL);
}

/* JPEG has no alpha: transparent pixels become white, not libvips's default black. */
static inline int troupe_vips_flatten_white(VipsImage *in, VipsImage **out) {
    double white = (in->Type == VIPS_INTERPRETATION_RGB16 || in->Type == VIPS_INTERPRETATION_GREY16) ? 65535 : 255;
    double background[3] = { white, white, white };
    VipsArrayDouble *array = vips_array_double_new(background, in->Bands > 2 ? 3 : 1);
    int result = vips_flatten(in, out, "background", array, NULL);
    vips_area_unref(VIPS_AREA(array));
    return result;
}

static inline int troupe_vips_webpsave(VipsImage *in, void **buffer, size_t *length, int quality, gboolean strip) {
    return vips_webpsave_buffer(in, buffer, length, "Q", quality, "strip", strip, NULL);
}

static inline int troupe_vips_jpegsave(VipsImage *in, void **buffer, size_t *length, int quality, gboolean strip) {
    return vips_jpegsave_buffer(in, buffer, length, "Q", quality, "strip", strip, NULL);
}

static inline int troupe_vips_pngsave(VipsImage *in, void **buffer, size_t *length, gboolean strip) {
    return vips_pngsave_buffer(in, buffer, length, "strip", strip, NULL);
}
