#!/usr/bin/python3
"""A looping RTSP camera for Vigia's soak runs: a real video file served forever as H.264.

Usage: looping_rtsp_server.py PORT VIDEO [WIDTHxHEIGHT] [FPS]. Prints 'ready' once listening.

The file is decoded in a pipeline of our own that plays in real time and seeks back to the
start at its end; each connected client's stream is fed from it through an appsrc, so clients
see one endless live stream (the way a camera behaves), not a file that ends. Runs until killed.
Needs Debian's python3-gi, gir1.2-gst-rtsp-server-1.0 and the GStreamer base/good/ugly/libav
plugins, as the pipeline tests do.
"""
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

port, video = sys.argv[1], sys.argv[2]
width, height = (sys.argv[3].split("x") if len(sys.argv) > 3 else ("384", "288"))
fps = sys.argv[4] if len(sys.argv) > 4 else "10"
caps = f"video/x-raw,format=I420,width={width},height={height},framerate={fps}/1"

Gst.init(None)
clients = []

decoder = Gst.parse_launch(
    f'filesrc location="{video}" ! decodebin ! videoconvert ! videoscale ! videorate ! {caps} '
    "! appsink name=frames emit-signals=true sync=true max-buffers=2 drop=true"
)


def on_frame(sink):
    sample = sink.emit("pull-sample")
    if sample is None:
        return Gst.FlowReturn.OK
    buffer = sample.get_buffer()
    for source in list(clients):
        copy = buffer.copy()
        copy.pts = Gst.CLOCK_TIME_NONE
        copy.dts = Gst.CLOCK_TIME_NONE
        if source.emit("push-buffer", copy) != Gst.FlowReturn.OK:
            clients.remove(source)
    return Gst.FlowReturn.OK


def on_message(bus, message):
    if message.type == Gst.MessageType.EOS:
        decoder.seek_simple(Gst.Format.TIME, Gst.SeekFlags.FLUSH | Gst.SeekFlags.KEY_UNIT, 0)
    return True


decoder.get_by_name("frames").connect("new-sample", on_frame)
bus = decoder.get_bus()
bus.add_signal_watch()
bus.connect("message", on_message)


def on_configure(factory, media):
    source = media.get_element().get_by_name("src")
    clients.append(source)


server = GstRtspServer.RTSPServer()
server.set_address("127.0.0.1")
server.set_service(port)
factory = GstRtspServer.RTSPMediaFactory()
factory.set_launch(
    f"( appsrc name=src is-live=true do-timestamp=true format=time caps={caps} "
    "! videoconvert ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=10 "
    "! rtph264pay name=pay0 pt=96 config-interval=1 )"
)
factory.connect("media-configure", on_configure)
server.get_mount_points().add_factory("/test", factory)
if server.attach(None) == 0:
    sys.exit("cannot listen on port " + port)
decoder.set_state(Gst.State.PLAYING)
print("ready", flush=True)
GLib.MainLoop().run()
