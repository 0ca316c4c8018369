#include "cshim.h"
#include <stdio.h>

void nnviz_line_buffer_stdout(void) { setvbuf(stdout, NULL, _IOLBF, 0); }

void nnviz_object_set_bool(gpointer object, const char *property, gboolean value) {
    g_object_set(object, property, value, NULL);
}

void nnviz_object_set_string(gpointer object, const char *property, const char *value) {
    g_object_set(object, property, value, NULL);
}

GType nnviz_file_type(void) { return G_TYPE_FILE; }

GFile *nnviz_value_get_file(const GValue *value) {
    if (!G_VALUE_HOLDS(value, G_TYPE_FILE)) return NULL;
    return G_FILE(g_value_get_object(value));
}

void nnviz_accessible_set_label(GtkWidget *widget, const char *label) {
    gtk_accessible_update_property(GTK_ACCESSIBLE(widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

void nnviz_accessible_set_description(GtkWidget *widget, const char *description) {
    gtk_accessible_update_property(GTK_ACCESSIBLE(widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
}
