#ifndef NNVIZ_CSHIM_H
#define NNVIZ_CSHIM_H
#include <gtk/gtk.h>

/// Line-buffers stdout so logs survive a test script's SIGTERM (Swift 6 cannot touch `stdout`).
void nnviz_line_buffer_stdout(void);
/// g_object_set for one boolean / string property (the variadic original is not importable).
void nnviz_object_set_bool(gpointer object, const char *property, gboolean value);
void nnviz_object_set_string(gpointer object, const char *property, const char *value);
/// The GType of GFile / GdkFileList, for drop targets (macros in C).
GType nnviz_file_type(void);
/// Pulls a GFile out of a GValue holding one.
GFile *nnviz_value_get_file(const GValue *value);
/// The accessible name and description of a widget (what a screen reader says and what AT-SPI
/// tests find it by); gtk_accessible_update_property is variadic.
void nnviz_accessible_set_label(GtkWidget *widget, const char *label);
void nnviz_accessible_set_description(GtkWidget *widget, const char *description);
#endif
