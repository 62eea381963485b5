"""Decoys and disguises for session persistence (P3 save / resume), Fixit-style.

A write nothing reads back is at most a weak save; a resume needs a load of the same store
(same path expression, key or table) whose result feeds the run. The detail names the store so
that a project-wide linker can match a save in one module with a load in another.
"""

from __future__ import annotations

from tests.decoys.facts_helpers import evidence_of as _evidence, file_facts as _facts




# --- decoys -------------------------------------------------------------------------------------


def test_json_dump_that_nothing_reads_back_is_a_weak_save_and_no_resume():
    facts = _facts('''
        import json
        from openai import OpenAI
        client = OpenAI()
        def chat():
            messages = []
            while True:
                messages.append({"role": "user", "content": input("> ")})
                reply = client.chat.completions.create(model="gpt-4o", messages=messages, max_tokens=500)
                messages.append({"role": "assistant", "content": reply.choices[0].message.content})
                json.dump(messages, open("session.json", "w"))
    ''')
    assert _evidence(facts, "P3", "save") == [
        ("agent.py", 10, "the transcript written to durable storage; store 'session.json' is never read back "
                         "in this file", "weak")]
    assert _evidence(facts, "P3", "resume") == []


def test_pickled_session_object_never_loaded_is_only_a_weak_save():
    facts = _facts('''
        import pickle
        from dataclasses import dataclass, field
        @dataclass
        class SessionState:
            messages: list = field(default_factory=list)
            usage: dict = field(default_factory=dict)
        SESSION_FILE = "state.pkl"
        def checkpoint(state: SessionState):
            with open(SESSION_FILE, "wb") as fh:
                pickle.dump(state, fh)
    ''')
    saves = _evidence(facts, "P3", "save")
    assert saves == [("agent.py", 10, "session state (messages, usage) written to durable storage; store 'state.pkl' "
                                      "(SESSION_FILE) is never read back in this file", "weak")]
    assert _evidence(facts, "P3", "resume") == []


def test_write_text_of_the_session_with_a_load_of_another_file_is_no_resume():
    facts = _facts('''
        import json
        from pathlib import Path
        def save_session(messages):
            Path("sessions/current.json").write_text(json.dumps(messages))
        def load_session():
            return json.loads(Path("sessions/index.json").read_text())
    ''')
    assert [s[3] for s in _evidence(facts, "P3", "save")] == ["weak"]
    assert _evidence(facts, "P3", "resume") == [
        ("agent.py", 6, "saved session read back from store 'sessions/index.json'; nothing in this file saves it",
         "weak")]


def test_a_load_whose_result_is_only_printed_is_no_resume():
    facts = _facts('''
        import json
        def save_session(messages):
            with open("session.json", "w") as f:
                json.dump(messages, f)
        def report_session():
            with open("session.json") as f:
                saved = json.load(f)
            print(f"{len(saved)} messages in the saved session")
    ''')
    assert _evidence(facts, "P3", "resume") == []


# --- disguises ----------------------------------------------------------------------------------


def test_save_and_resume_of_the_same_path_feed_the_run():
    facts = _facts('''
        import json, os
        from openai import OpenAI
        client = OpenAI()
        HISTORY = "chat_history.json"
        def load_history():
            if os.path.exists(HISTORY):
                with open(HISTORY) as fh:
                    return json.load(fh)
            return []
        def chat():
            messages = load_history()
            while True:
                messages.append({"role": "user", "content": input("> ")})
                reply = client.chat.completions.create(model="gpt-4o", messages=messages, max_tokens=500)
                messages.append({"role": "assistant", "content": reply.choices[0].message.content})
                with open(HISTORY, "w") as fh:
                    json.dump(messages, fh)
    ''')
    assert _evidence(facts, "P3", "save") == [
        ("agent.py", 17, "the transcript written to durable storage; store 'chat_history.json' (HISTORY) is read "
                         "back in this file", "weak")]
    assert _evidence(facts, "P3", "resume") == [
        ("agent.py", 8, "saved session read back from store 'chat_history.json' (HISTORY) to continue", "full")]


def test_session_store_class_saving_and_loading_by_id_is_full():
    facts = _facts('''
        import json, os
        from dataclasses import asdict, dataclass, field
        @dataclass
        class SessionState:
            session_id: str
            messages: list = field(default_factory=list)
            usage: dict = field(default_factory=dict)
        class SessionStore:
            def __init__(self, root):
                self.root = root
            def save(self, state: SessionState) -> None:
                tmp = os.path.join(self.root, f"{state.session_id}.json.tmp")
                with open(tmp, "w") as fh:
                    json.dump(asdict(state), fh)
                os.replace(tmp, os.path.join(self.root, f"{state.session_id}.json"))
            def load(self, session_id: str) -> SessionState:
                with open(os.path.join(self.root, f"{session_id}.json")) as fh:
                    return SessionState(**json.load(fh))
    ''')
    store = "store 'os.path.join(self.root, f\"{}.json\")'"
    assert _evidence(facts, "P3", "save") == [
        ("agent.py", 14, f"session state (messages, session_id, usage) written to durable storage; {store} is read "
                         "back in this file", "full")]
    assert _evidence(facts, "P3", "resume") == [
        ("agent.py", 18, f"saved session read back from {store} to continue", "full")]
