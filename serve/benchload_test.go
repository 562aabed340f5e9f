package serve

func stopBenchLoad() {}
