"""Drives a running NaraVard server with Python's grpcio over all three services and reflection.

Usage: NARAVARD_ADDRESS=127.0.0.1:5000 /usr/bin/python3 grpcio_scenario.py   (exit code 0 when every check passed)
Stubs are generated from protos/ at start with grpc_tools (Debian: python3-grpc-tools).
"""
import os
import shutil
import sys
import tempfile
import threading
import time

import grpc
from grpc_tools import protoc

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "protos"))
ADDRESS = os.environ.get("NARAVARD_ADDRESS", "127.0.0.1:5000")
failures = []


class ClientCallDetails(grpc.ClientCallDetails):
    def __init__(self, details, metadata):
        self.method = details.method
        self.timeout = details.timeout
        self.metadata = metadata
        self.credentials = details.credentials
        self.wait_for_ready = getattr(details, "wait_for_ready", None)
        self.compression = getattr(details, "compression", None)


def check(name, condition, detail=""):
    print(("ok   " if condition else "FAIL ") + name + (f" — {detail}" if detail else ""), flush=True)
    if not condition:
        failures.append(name)


def generate():
    out = tempfile.mkdtemp(prefix="naravard-py-")
    # The reflection proto's package is grpc.reflection.v1; give it another file path so it does not shadow the grpc module.
    shutil.copy(os.path.join(ROOT, "grpc", "reflection", "v1", "reflection.proto"), os.path.join(out, "reflection_v1.proto"))
    protos = [os.path.join(ROOT, "naravard", "v1", f) for f in ("types.proto", "roadmap_service.proto", "initiative_service.proto", "obstacle_service.proto", "exchange_service.proto")]
    wkt = os.path.join(os.path.dirname(protoc.__file__), "_proto")
    args = ["protoc", f"-I{ROOT}", f"-I{out}", f"-I{wkt}", f"--python_out={out}", f"--grpc_python_out={out}", *protos, os.path.join(out, "reflection_v1.proto")]
    if protoc.main(args) != 0:
        raise SystemExit("protoc failed")
    sys.path.insert(0, out)


def main():
    generate()
    from naravard.v1 import initiative_service_pb2 as ini
    from naravard.v1 import initiative_service_pb2_grpc as ini_grpc
    from naravard.v1 import obstacle_service_pb2 as obs
    from naravard.v1 import obstacle_service_pb2_grpc as obs_grpc
    from naravard.v1 import roadmap_service_pb2 as rm
    from naravard.v1 import roadmap_service_pb2_grpc as rm_grpc
    from naravard.v1 import types_pb2 as types
    import reflection_v1_pb2 as refl
    from google.protobuf import wrappers_pb2 as wrappers
    import reflection_v1_pb2_grpc as refl_grpc

    # Every call carries the token: an interceptor-free way is a channel with call credentials' metadata.
    token = os.environ.get("NARAVARD_TOKEN", "")

    class Auth(grpc.UnaryUnaryClientInterceptor, grpc.UnaryStreamClientInterceptor, grpc.StreamUnaryClientInterceptor, grpc.StreamStreamClientInterceptor):
        def _add(self, details):
            metadata = list(details.metadata or []) + [("authorization", f"Bearer {token}")]
            return details._replace(metadata=metadata) if hasattr(details, "_replace") else ClientCallDetails(details, metadata)

        def intercept_unary_unary(self, continuation, details, request):
            return continuation(self._add(details), request)

        def intercept_unary_stream(self, continuation, details, request):
            return continuation(self._add(details), request)

        def intercept_stream_unary(self, continuation, details, requests):
            return continuation(self._add(details), requests)

        def intercept_stream_stream(self, continuation, details, requests):
            return continuation(self._add(details), requests)

    plain = grpc.insecure_channel(ADDRESS)
    channel = grpc.intercept_channel(plain, Auth())
    other = grpc.intercept_channel(grpc.insecure_channel(ADDRESS), Auth())  # an independent second client

    try:
        rm_grpc.RoadmapServiceStub(plain).GetOverview(rm.GetOverviewRequest())
        check("a call without a token is refused", False)
    except grpc.RpcError as e:
        check("a call without a token answers UNAUTHENTICATED", e.code() == grpc.StatusCode.UNAUTHENTICATED, e.details())
    roadmap = rm_grpc.RoadmapServiceStub(channel)
    initiatives = ini_grpc.InitiativeServiceStub(channel)
    other_initiatives = ini_grpc.InitiativeServiceStub(other)
    obstacles = obs_grpc.ObstacleServiceStub(channel)

    responses = refl_grpc.ServerReflectionStub(channel).ServerReflectionInfo(iter([
        refl.ServerReflectionRequest(list_services=""),
        refl.ServerReflectionRequest(file_containing_symbol="naravard.v1.InitiativeService"),
    ]))
    listed, described = list(responses)
    names = [s.name for s in listed.list_services_response.service]
    for name in ("naravard.v1.RoadmapService", "naravard.v1.InitiativeService", "naravard.v1.ObstacleService", "grpc.health.v1.Health"):
        check(f"reflection lists {name}", name in names)
    check("reflection describes InitiativeService with its imports", len(described.file_descriptor_response.file_descriptor_proto) >= 3)

    created = initiatives.CreateInitiative(ini.CreateInitiativeRequest(
        title="Närvårdsplatser (grpcio)", owner_code="05", scope=types.SCOPE_JOINT, participants=["0583", "0586"], roadmap_item="G04"))
    check("CreateInitiative returns a joint initiative with its participants invited", created.scope == types.SCOPE_JOINT and list(created.invited) == ["0583", "0586"] and not created.participants, created.id)
    for code in ("0583", "0586"):
        accepted = initiatives.AcceptParticipation(ini.AcceptParticipationRequest(initiative_id=created.id, organization_code=code, request_id=f"py-accept-{code}-{time.time()}"))
    check("AcceptParticipation makes the invited organisations participants", list(accepted.participants) == ["0583", "0586"] and not accepted.invited, ",".join(accepted.participants))

    seen = threading.Event()
    received = {}
    watch = roadmap.WatchRoadmap(rm.WatchRoadmapRequest(organization_code="0583"))

    def follow():
        snapshot_done = False
        try:
            for change in watch:
                if change.HasField("snapshot_complete"):
                    snapshot_done = True
                elif snapshot_done and change.initiative.id == created.id and change.event.type == "ProgressReported":
                    received["change"] = change
                    seen.set()
                    return
        except grpc.RpcError:
            pass

    threading.Thread(target=follow, daemon=True).start()
    time.sleep(0.3)
    reported = other_initiatives.ReportProgress(
        ini.ReportProgressRequest(initiative_id=created.id, progress_percent=25, status=types.INITIATIVE_STATUS_ON_TRACK, comment="komprimerad", request_id=f"py-{time.time()}"),
        compression=grpc.Compression.Gzip)
    check("a gzip-compressed ReportProgress is accepted", reported.progress_percent == 25 and reported.version == 4)
    check("the watcher (filtered on a participant) receives the other client's report", seen.wait(10), str(received.get("change", "").__class__.__name__))
    watch.cancel()

    obstacle = obstacles.FlagObstacle(obs.FlagObstacleRequest(category="rekrytering", severity=types.SEVERITY_CRITICAL, title="Sjuksköterskor saknas", blocked_initiatives=[created.id]))
    check("FlagObstacle reaches the joint initiative's organisations", set(obstacle.affected_organizations) >= {"05", "0583", "0586"}, ",".join(obstacle.affected_organizations))

    overview = roadmap.GetOverview(rm.GetOverviewRequest())
    cell = [c for c in overview.matrix if c.roadmap_item == "G04" and c.organization_code == "0586"]
    check("the overview shows the initiative in a participant's matrix cell", cell and cell[0].initiatives >= 1)
    check("the overview shows the open obstacle", any(r.category.code == "rekrytering" and r.open >= 1 for r in overview.obstacle_reach))

    try:
        initiatives.AdvancePhase(ini.AdvancePhaseRequest(initiative_id=created.id, to=types.PHASE_GENOMFORD))
        check("a forbidden phase move is rejected", False)
    except grpc.RpcError as e:
        check("a forbidden phase move answers FAILED_PRECONDITION with the rule", e.code() == grpc.StatusCode.FAILED_PRECONDITION and "next phase is strategi" in e.details(), e.details())

    try:
        initiatives.ReportProgress(ini.ReportProgressRequest(initiative_id=created.id, progress_percent=30, status=types.INITIATIVE_STATUS_ON_TRACK, expected_version=wrappers.Int64Value(value=1)))
        check("a stale expected_version is rejected", False)
    except grpc.RpcError as e:
        check("a stale expected_version answers ABORTED with the current version", e.code() == grpc.StatusCode.ABORTED and "version 4" in e.details(), e.details())

    try:
        for _ in roadmap.WatchRoadmap(rm.WatchRoadmapRequest(), timeout=0.5):
            pass
        check("a deadline ends the watch", False)
    except grpc.RpcError as e:
        check("a deadline that expires answers DEADLINE_EXCEEDED", e.code() == grpc.StatusCode.DEADLINE_EXCEEDED, e.details())

    # An action plan as a municipality's CSV (UTF-8, ';'), streamed in two chunks; then the list back as CSV.
    from naravard.v1 import exchange_service_pb2 as ex
    from naravard.v1 import exchange_service_pb2_grpc as ex_grpc
    exchange = ex_grpc.ExchangeServiceStub(channel)
    tag = f"py-{int(time.time() * 1000)}"
    plan = f"Färdplanspunkt;Titel;Ägare;Fas;Förlopp (%)\nK02;Trygg hemgång {tag};Kinda;Strategi;20\nK03;Hembesök {tag};Kinda;Planering;5\n".encode("utf-8")

    def chunks(dry_run):
        yield ex.ImportPlanChunk(header=ex.ImportPlanHeader(file_name="plan.csv", dry_run=dry_run))
        yield ex.ImportPlanChunk(data=plan[:40])
        yield ex.ImportPlanChunk(data=plan[40:])

    dry = exchange.ImportPlan(chunks(True))
    check("ImportPlan (client stream) dry run plans two creates and writes nothing", dry.created == 2 and not dry.committed and not dry.problems, str(list(dry.problems)))
    done = exchange.ImportPlan(chunks(False))
    check("ImportPlan commits both rows", done.committed and done.created == 2 and all(r.initiative_id for r in done.row_plans), str(list(done.problems)))
    again = exchange.ImportPlan(chunks(False))
    check("the same plan again changes nothing", again.unchanged == 2 and again.created == 0)
    exported = b"".join(c.data for c in exchange.Export(ex.ExportRequest(view=ex.EXPORT_VIEW_INITIATIVES, format=ex.EXPORT_FORMAT_CSV, organization_code="0513")))
    text = exported.decode("utf-8-sig")
    check("Export (server stream) gives Kinda's initiatives as Swedish CSV", exported.startswith(b"\xef\xbb\xbf") and f"Trygg hemgång {tag}" in text and text.startswith("NaraVard-id;Färdplanspunkt;Titel"), text[:80])

    if failures:
        print("FAILED: " + "; ".join(failures))
        return 1
    print("grpcio scenario passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
