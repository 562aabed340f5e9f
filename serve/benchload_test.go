package serve
func stopBenchLoad() {}
