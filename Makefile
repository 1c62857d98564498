# agentwatch: the two commands are `make run` and `make test`. See README.md.
SHELL := /bin/bash
MVN ?= mvn
MVN_FLAGS ?= -B -q
JAVA ?= java

RUN_DIR ?= .run
export AGENTWATCH_RUN_DIR := $(RUN_DIR)
export AGENTWATCH_KAFKA_PORT ?= 9092
export AGENTWATCH_REGISTRY_PORT ?= 8081
export AGENTWATCH_STREAMS_PORT ?= 8080
export AGENTWATCH_GATEWAY_PORT ?= 8088
export AGENTWATCH_SINK_PORT ?= 8090
export AGENTWATCH_BOOTSTRAP_SERVERS ?= 127.0.0.1:$(AGENTWATCH_KAFKA_PORT)
export AGENTWATCH_SCHEMA_REGISTRY_URL ?= http://127.0.0.1:$(AGENTWATCH_REGISTRY_PORT)/apis/ccompat/v7

# `java -cp` line of a built module: its classes plus the runtime classpath Maven wrote beside them.
cp = $(1)/target/classes:$$(cat $(1)/target/classpath.txt)
LAUNCH = $(JAVA) -cp $(call cp,local-cluster) dev.agentwatch.localcluster.LocalClusterMain

.PHONY: help build run stop status test test-faults bench clean

help:
	@echo "make run    start Kafka, schema registry, streams app, alert sink, gateway and demo traffic"
	@echo "make stop   stop every process 'make run' started"
	@echo "make test   build and run every test"
	@echo "make test-faults  fault tests: kill -9, broker loss and outage, poison and garbage records (~20 min)"
	@echo "make bench  benchmarks (see README)"
	@echo "make build  build everything, tests skipped (also builds bin/agentwatch)"
	@echo "make clean  remove build output and local data ($(RUN_DIR))"

build:
	@start=$$(date +%s); \
	$(MVN) $(MVN_FLAGS) package -Dmaven.test.skip=true && \
	echo "build: done in $$(( $$(date +%s) - start ))s"

run: build
	@$(LAUNCH) start
	@$(LAUNCH) spawn streams-app --port $(AGENTWATCH_STREAMS_PORT) -- \
	  $(JAVA) -Xmx1g -cp $(call cp,streams-app) dev.agentwatch.streams.StreamsAppMain
	@$(LAUNCH) spawn alert-sink --port $(AGENTWATCH_SINK_PORT) -- \
	  $(JAVA) -Xmx256m -cp $(call cp,alert-sink) dev.agentwatch.sink.AlertSinkMain
	@bin/agentwatch rules apply config/rules.yaml
	@$(LAUNCH) spawn demo-traffic -- \
	  $(JAVA) -Xmx128m -cp $(call cp,cli) dev.agentwatch.cli.AgentwatchCli demo
	@# Last: when its port answers, everything `make stop` must stop has been started.
	@$(LAUNCH) spawn ingest-gateway --port $(AGENTWATCH_GATEWAY_PORT) -- \
	  $(JAVA) -Xmx256m -cp $(call cp,ingest-gateway) dev.agentwatch.gateway.GatewayMain
	@echo
	@echo "agentwatch is up:"
	@echo "  Kafka            $(AGENTWATCH_BOOTSTRAP_SERVERS)"
	@echo "  schema registry  $(AGENTWATCH_SCHEMA_REGISTRY_URL)"
	@echo "  streams app      http://127.0.0.1:$(AGENTWATCH_STREAMS_PORT)   (/dashboard/, /api/agents, /api/alerts, /metrics, /health)"
	@echo "  alert sink       http://127.0.0.1:$(AGENTWATCH_SINK_PORT)   (/metrics, /health)"
	@echo "  gateway          http://127.0.0.1:$(AGENTWATCH_GATEWAY_PORT)"
	@echo "  logs             $(RUN_DIR)/logs/   (stop everything with: make stop)"
	@echo
	@echo "Demo traffic is flowing; one agent's calls turn slow 30 s from now. Watch its alert with:"
	@echo "  bin/agentwatch alerts tail --from-beginning"
	@echo "or in the browser: http://127.0.0.1:$(AGENTWATCH_STREAMS_PORT)/dashboard/"

stop:
	@if [ -f local-cluster/target/classpath.txt ]; then $(LAUNCH) stop; \
	 else echo "nothing built, so nothing was started"; fi

status:
	@$(LAUNCH) status

# Every test: unit, topology and integration tests through a real broker and registry.
test:
	@start=$$(date +%s); \
	$(MVN) -B -ntp install; rc=$$?; \
	echo "make test: $$( ((rc==0)) && echo passed || echo FAILED ) in $$(( $$(date +%s) - start ))s"; \
	exit $$rc

# Fault tests (fault-tests/): brokers, the registry and streams-app instances as separate processes on free ports,
# killed and restarted; not part of `make test`. One alone: make test-faults FAULTS_TEST=InstanceKillFaultTest
# (a class, or Class#method). Figures are printed as each test goes; process logs in fault-tests/target/fault-runs/.
test-faults:
	@[ -f local-cluster/registry/target/agentwatch-registry-runner.jar ] || \
	  $(MVN) $(MVN_FLAGS) package -Dmaven.test.skip=true -pl local-cluster/registry
	@start=$$(date +%s); \
	$(MVN) -B -ntp verify -pl fault-tests -am -DskipTests -Dfaults.skip=false \
	  $(if $(FAULTS_TEST),-Dtest='$(FAULTS_TEST)' -Dsurefire.failIfNoSpecifiedTests=false); rc=$$?; \
	echo "make test-faults: $$( ((rc==0)) && echo passed || echo FAILED ) in $$(( $$(date +%s) - start ))s"; \
	exit $$rc

# Benchmarks: each starts its own broker and registry on free ports under bench/target/bench-run/ (never the
# `make run` cluster) and stops them at the end, also on failure. Options go in BENCH_ARGS, e.g.
# BENCH_ARGS="--events=500k --threads=1,2"; see bench/src/main/java/dev/agentwatch/bench/BenchOptions.java.
# 1g heap: what `make run` gives the streams app, so the numbers hold for it.
BENCH_HEAP ?= 1g
BENCH = $(JAVA) -Xmx$(BENCH_HEAP) -cp $(call cp,bench)
.PHONY: bench-build bench-throughput bench-memory bench-latency bench-gateway

bench: bench-throughput bench-latency bench-memory bench-gateway

bench-build:
	@$(MVN) $(MVN_FLAGS) package -Dmaven.test.skip=true -pl bench -am
	@[ -f local-cluster/registry/target/agentwatch-registry-runner.jar ] || \
	  $(MVN) $(MVN_FLAGS) package -Dmaven.test.skip=true -pl local-cluster/registry

bench-throughput: bench-build
	@$(BENCH) dev.agentwatch.bench.ThroughputBenchmark $(BENCH_ARGS)

# 100,000 agents need about 2 GB of heap today (1 GB runs out of memory; see README, Benchmarks).
BENCH_MEMORY_HEAP ?= 2g
bench-memory: bench-build
	@$(JAVA) -Xmx$(BENCH_MEMORY_HEAP) -cp $(call cp,bench) dev.agentwatch.bench.MemoryBenchmark $(BENCH_ARGS)

# Event-to-alert latency in real time (events stamped now, 50,000/s by default); BENCH_ARGS="--slice=1s" for the
# 1 s evaluation interval.
bench-latency: bench-build
	@$(BENCH) dev.agentwatch.bench.LatencyBenchmark $(BENCH_ARGS)

# Events/s through the HTTP gateway (batches of 100, keep-alive) beside the Kafka producer's own rate; last line
# gateway_ratio=<x> (bar 0.5). BENCH_ARGS="--events=2M --threads=16" (threads: client connections).
bench-gateway: bench-build
	@$(BENCH) dev.agentwatch.bench.GatewayBenchmark $(BENCH_ARGS)

clean:
	-@$(MAKE) -s stop
	$(MVN) $(MVN_FLAGS) clean
	rm -rf $(RUN_DIR)
