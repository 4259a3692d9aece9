#!/usr/bin/python3
"""A looping RTSP camera for Vigia's soak runs: a real video file served forever as H.264.

Usage: looping_rtsp_server.py PORT VIDEO [WIDTHxHEIGHT] [FPS] [POSITIONS]. Prints 'ready' once listening.
With POSITIONS, appends a line 'EPOCH_SECONDS POSITION_SECONDS' to that file about once a second:
where in the video the frame leaving the encoder for a client was at that time (a loaded machine
encodes late, and frames then queue; soak runs map event times onto the video with it).

The file is decoded in a pipeline of our own that plays in real time and seeks back to the
start at its end; each connected client's stream is fed from it through an appsrc, so clients
see one endless live stream (the way a camera behaves), not a file that ends. Runs until killed.
Needs Debian's python3-gi, gir1.2-gst-rtsp-server-1.0 and the GStreamer base/good/ugly/libav
plugins, as the pipeline tests do.
"""
import collections
import sys
import time

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

port, video = sys.argv[1], sys.argv[2]
width, height = (sys.argv[3].split("x") if len(sys.argv) > 3 else ("384", "288"))
fps = sys.argv[4] if len(sys.argv) > 4 else "10"
positions = open(sys.argv[5], "a", buffering=1) if len(sys.argv) > 5 else None
last_logged = [0.0]
# Per client, the video positions of the frames pushed to it and not yet through its encoder, in order.
pending = {}
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
    position = buffer.pts / Gst.SECOND if buffer.pts != Gst.CLOCK_TIME_NONE else None
    for source in list(clients):
        copy = buffer.copy()
        copy.pts = Gst.CLOCK_TIME_NONE
        copy.dts = Gst.CLOCK_TIME_NONE
        if source.emit("push-buffer", copy) != Gst.FlowReturn.OK:
            clients.remove(source)
            pending.pop(source, None)
        elif positions is not None and source in pending:
            pending[source].append(position)
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
    element = media.get_element()
    source = element.get_by_name("src")
    if positions is not None:
        pending[source] = collections.deque()
        # The encoder keeps frame order and makes one buffer a frame: the n-th buffer reaching the payloader is
        # the n-th frame pushed.
        element.get_by_name("pay0").get_static_pad("sink").add_probe(Gst.PadProbeType.BUFFER, on_encoded, source)
    clients.append(source)


def on_encoded(pad, info, source):
    queue = pending.get(source)
    if queue:
        position = queue.popleft()
        now = time.time()
        if position is not None and now - last_logged[0] >= 1:
            positions.write("%.3f %.3f\n" % (now, position))
            last_logged[0] = now
    return Gst.PadProbeReturn.OK


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
