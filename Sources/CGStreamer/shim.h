// GStreamer with its app source: frames drawn by Cairo go into an encoding pipeline.
#include <gst/gst.h>
#include <gst/app/gstappsrc.h>
