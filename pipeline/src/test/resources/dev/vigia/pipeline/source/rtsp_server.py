#!/usr/bin/python3
"""A real RTSP server for Vigia's tests: serves a video file as H.264 at rtsp://127.0.0.1:PORT/test.

Usage: rtsp_server.py PORT VIDEO [WIDTH HEIGHT]. Frames are scaled to WIDTH x HEIGHT (default 384 x 288).
Prints 'ready' once listening. Runs until killed.
"""
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

port, video = sys.argv[1], sys.argv[2]
width, height = (sys.argv[3], sys.argv[4]) if len(sys.argv) > 4 else ("384", "288")
Gst.init(None)
server = GstRtspServer.RTSPServer()
server.set_address("127.0.0.1")
server.set_service(port)
factory = GstRtspServer.RTSPMediaFactory()
factory.set_launch(
    f'( filesrc location="{video}" ! decodebin ! videoconvert ! videoscale '
    f"! video/x-raw,width={width},height={height} "
    "! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=10 "
    "! rtph264pay name=pay0 pt=96 config-interval=1 )"
)
factory.set_shared(True)
server.get_mount_points().add_factory("/test", factory)
if server.attach(None) == 0:
    sys.exit("cannot listen on port " + port)
print("ready", flush=True)
GLib.MainLoop().run()
