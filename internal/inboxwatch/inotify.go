package inboxwatch

import (
	"bytes"
	"context"
	"os"
	"unsafe"

	"golang.org/x/sys/unix"
)

// overflow is sent instead of a name when the kernel dropped events.
const overflow = "\x00overflow"

// inotify is one watch on one folder. The descriptor is non-blocking, so reads go
// through Go's poller and Close ends a pending read.
type inotify struct{ f *os.File }

func watchFolder(dir string) (*inotify, error) {
	fd, err := unix.InotifyInit1(unix.IN_CLOEXEC | unix.IN_NONBLOCK)
	if err != nil {
		return nil, err
	}
	// Complete files only: renamed in, or closed after writing. The watch's own end
	// (folder deleted or moved) closes the channel.
	mask := uint32(unix.IN_MOVED_TO | unix.IN_CLOSE_WRITE | unix.IN_DELETE_SELF | unix.IN_MOVE_SELF | unix.IN_ONLYDIR)
	if _, err := unix.InotifyAddWatch(fd, dir, mask); err != nil {
		unix.Close(fd)
		return nil, err
	}
	return &inotify{f: os.NewFile(uintptr(fd), "inotify:"+dir)}, nil
}

func (in *inotify) Close() error { return in.f.Close() }

// read sends the name of every file that arrived, until ctx ends or the watch does.
func (in *inotify) read(ctx context.Context, out chan<- string) {
	defer close(out)
	go func() { <-ctx.Done(); in.f.Close() }()
	buf := make([]byte, 64*1024)
	for {
		n, err := in.f.Read(buf)
		if err != nil {
			return
		}
		for off := 0; off+unix.SizeofInotifyEvent <= n; {
			ev := (*unix.InotifyEvent)(unsafe.Pointer(&buf[off]))
			name := string(bytes.TrimRight(buf[off+unix.SizeofInotifyEvent:off+unix.SizeofInotifyEvent+int(ev.Len)], "\x00"))
			off += unix.SizeofInotifyEvent + int(ev.Len)
			switch {
			case ev.Mask&unix.IN_Q_OVERFLOW != 0:
				name = overflow
			case ev.Mask&(unix.IN_DELETE_SELF|unix.IN_MOVE_SELF|unix.IN_IGNORED) != 0:
				return
			case ev.Mask&unix.IN_ISDIR != 0 || name == "":
				continue
			}
			select {
			case out <- name:
			case <-ctx.Done():
				return
			}
		}
	}
}
