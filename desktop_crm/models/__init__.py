"""peewee tables, one module per aggregate. No Qt, no business rules."""

from __future__ import annotations

from desktop_crm.models.base import BaseModel
from desktop_crm.models.customers import ChannelIdentity, Customer, CustomerTag, Note, Tag
from desktop_crm.models.followups import Feedback, FollowUp
from desktop_crm.models.imports import ImportBatch, ImportChange
from desktop_crm.models.loyalty import LOYALTY_MODELS
from desktop_crm.models.merges import CustomerMerge, NotDuplicate
from desktop_crm.models.orders import Order, OrderItem
from desktop_crm.models.segments import Segment
from desktop_crm.models.settings import Setting

ALL_MODELS: list[type[BaseModel]] = [
    ImportBatch,
    ImportChange,
    Customer,
    ChannelIdentity,
    Tag,
    CustomerTag,
    Note,
    Order,
    OrderItem,
    Setting,
    FollowUp,
    Feedback,
    Segment,
    NotDuplicate,
    CustomerMerge,
    *LOYALTY_MODELS,
]

__all__ = [
    "ALL_MODELS",
    "BaseModel",
    "ChannelIdentity",
    "Customer",
    "CustomerMerge",
    "CustomerTag",
    "Feedback",
    "FollowUp",
    "ImportBatch",
    "ImportChange",
    "Note",
    "NotDuplicate",
    "Order",
    "OrderItem",
    "Segment",
    "Setting",
    "Tag",
]
