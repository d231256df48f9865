"""tf.train.CheckpointManager's `checkpoint` state files and answers, recorded from TensorFlow 2.21:
writes test/fixtures/checkpoint-state.json, read by test/checkpoint-management.test.ts (which
checks that gradtape reads TensorFlow's state files, writes its format, and answers as its
manager, latest_checkpoint, list_variables and load_variable do).
Run: /tmp/tfvenv/bin/python scripts/checkpoint_state_fixtures.py
With a directory gradtape's manager wrote (`... scripts/checkpoint_state_fixtures.py --read DIR`),
prints what TensorFlow's get_checkpoint_state reads from its state file instead.
"""
import json
import os
import sys
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import tensorflow as tf  # noqa: E402

if len(sys.argv) == 3 and sys.argv[1] == "--read":
    state = tf.train.get_checkpoint_state(sys.argv[2])
    print(json.dumps({
        "model_checkpoint_path": state.model_checkpoint_path,
        "all_model_checkpoint_paths": list(state.all_model_checkpoint_paths),
        "timestamps": len(state.all_model_checkpoint_timestamps),
        "last_preserved_timestamp_positive": state.last_preserved_timestamp > 0,
    }))
    sys.exit(0)


def relative(paths, directory):
    return [os.path.relpath(p, directory) for p in paths]


out = {"tensorflow": tf.__version__}
with tempfile.TemporaryDirectory() as root:
    # Saves with max_to_keep=2: the numbering by save counter and by checkpoint_number, the sweep.
    d = os.path.join(root, "keep2")
    v = tf.Variable([1.0, 2.0, 3.0])
    ck = tf.train.Checkpoint(v=v)
    m = tf.train.CheckpointManager(ck, d, max_to_keep=2)
    saved = [m.save(), m.save(), m.save(checkpoint_number=10), m.save()]
    state_text = open(os.path.join(d, "checkpoint")).read()
    out["keep2"] = {
        "saved": relative(saved, d),
        "latest": os.path.relpath(m.latest_checkpoint, d),
        "checkpoints": relative(m.checkpoints, d),
        "state_lines": [line.split(":")[0] for line in state_text.strip().split("\n")],
        "state_paths": [line for line in state_text.strip().split("\n") if "path" in line],
        "files": sorted(f for f in os.listdir(d) if not f.startswith("ckpt-") or f.endswith(".index")),
    }
    # A second manager on the directory recovers the list (timestamps after last_preserved).
    m2 = tf.train.CheckpointManager(ck, d, max_to_keep=2)
    out["keep2"]["recovered"] = {"latest": os.path.relpath(m2.latest_checkpoint, d), "checkpoints": relative(m2.checkpoints, d)}
    # TensorFlow's state file, as text (timestamps replaced by fixed ones so the test can compare).
    out["tf_state_file"] = state_text

    # checkpoint_interval with a step counter.
    d3 = os.path.join(root, "interval")
    step = tf.Variable(0, dtype=tf.int64)
    ck3 = tf.train.Checkpoint(v=tf.Variable([0.0]))
    m3 = tf.train.CheckpointManager(ck3, d3, max_to_keep=None, step_counter=step, checkpoint_interval=2)
    interval = []
    for s in [0, 1, 2, 3, 4, 4, 7]:
        step.assign(s)
        p = m3.save()
        interval.append(None if p is None else os.path.relpath(p, d3))
    step.assign(8)
    p = m3.save(check_interval=False)
    interval.append(None if p is None else os.path.relpath(p, d3))
    out["interval"] = {"steps": [0, 1, 2, 3, 4, 4, 7, 8], "saved": interval, "checkpoints": relative(m3.checkpoints, d3)}

    # Errors.
    def error(fn):
        try:
            fn()
            return None
        except Exception as e:  # noqa: BLE001 - the message is the fixture
            return f"{type(e).__name__}: {e}"
    out["errors"] = {
        "max_to_keep_0": error(lambda: tf.train.CheckpointManager(ck, d, max_to_keep=0)),
        "interval_without_step": error(lambda: tf.train.CheckpointManager(ck, d, max_to_keep=1, checkpoint_interval=2)),
        "load_missing_key": error(lambda: tf.train.load_variable(d, "nope")),
        "list_missing_file": error(lambda: tf.train.list_variables(os.path.join(root, "none"))),
        "list_empty_dir": error(lambda: tf.train.list_variables(root)),
    }
    out["latest_missing_dir"] = tf.train.latest_checkpoint(os.path.join(root, "none"))
    out["list_variables"] = [[name, shape] for name, shape in tf.train.list_variables(d) if name != "_CHECKPOINTABLE_OBJECT_GRAPH"]
    out["load_variable"] = tf.train.load_variable(d, "v/.ATTRIBUTES/VARIABLE_VALUE").tolist()
    out["load_save_counter"] = int(tf.train.load_variable(d, "save_counter/.ATTRIBUTES/VARIABLE_VALUE"))

    # restore_or_initialize on an empty directory calls init_fn and returns None.
    calls = []
    m4 = tf.train.CheckpointManager(tf.train.Checkpoint(v=tf.Variable([0.0])), os.path.join(root, "empty"), max_to_keep=1, init_fn=lambda: calls.append(1))
    out["restore_or_initialize_empty"] = {"result": m4.restore_or_initialize(), "init_calls": len(calls)}

path = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "checkpoint-state.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print("wrote", os.path.normpath(path))
