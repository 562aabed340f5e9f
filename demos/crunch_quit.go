package demos

// watchQuit returns a channel that closes when the driver is done with the demo: its input ended
// or it sent {"cmd":"quit"}. Other commands mean nothing to the demos that use it and are answered
// with an error event, so a typo is visible rather than silently ignored. Shared by crunch, editor,
// race and cost, which take no command but quit. It keeps draining commands after a quit, so the
// session's reader never blocks on a demo that has stopped listening.
func watchQuit(s *Session, demo string) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		quit := false
		for c := range s.Commands {
			switch {
			case quit:
			case c.Cmd == "quit":
				quit = true
				close(done)
			default:
				s.Errorf("%s takes no command %q; only quit", demo, c.Cmd)
			}
		}
		if !quit {
			close(done)
		}
	}()
	return done
}
