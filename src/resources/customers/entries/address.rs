//! The customer's single postal address: get, create, replace, remove.

use crate::client::Client;
use crate::error::Result;
use crate::ids::CustomerId;
use crate::models::{
    CreateCustomerAddressBody as CreateAddressBody, CustomerAddress,
    UpdateCustomerAddressBody as UpdateAddressBody,
};
use crate::raw::operation;
use crate::request::{Operation, Request, Sealed};

/// The customer's single postal address; see
/// [`Customers::address`](crate::resources::customers::Customers::address).
#[derive(Clone, Copy, Debug)]
pub struct Address<'a> {
    client: &'a Client,
    customer: CustomerId,
}

impl<'a> Address<'a> {
    pub(in crate::resources::customers) fn new(client: &'a Client, customer: CustomerId) -> Self {
        Self { client, customer }
    }

    /// Gets the address. Fails with [`Error::NotFound`](crate::Error::NotFound) when the
    /// customer has none.
    pub fn get(self) -> Request<'a, GetCustomerAddress> {
        let customer = self.customer;
        Request::new(self.client, GetCustomerAddress { customer })
    }

    /// Gives the customer an address (a customer has at most one; replace it with
    /// [`update`](Self::update)).
    pub fn create(self, address: CreateAddressBody) -> Request<'a, CreateCustomerAddress> {
        let customer = self.customer;
        Request::new(self.client, CreateCustomerAddress { customer, address })
    }

    /// Replaces the address with `address`; its unset parts are cleared. Takes the create
    /// shape or a [`CustomerAddress`] read earlier as well.
    pub fn update(
        self,
        address: impl Into<UpdateAddressBody>,
    ) -> Request<'a, UpdateCustomerAddress> {
        let (customer, address) = (self.customer, address.into());
        Request::new(self.client, UpdateCustomerAddress { customer, address })
    }

    /// Removes the address.
    pub fn delete(self) -> Request<'a, DeleteCustomerAddress> {
        let customer = self.customer;
        Request::new(self.client, DeleteCustomerAddress { customer })
    }
}

/// Gets the address; see [`Address::get`].
#[derive(Clone, Debug)]
pub struct GetCustomerAddress {
    customer: CustomerId,
}

impl Operation for GetCustomerAddress {
    type Output = CustomerAddress;

    async fn execute(self, client: &Client, _: Sealed) -> Result<CustomerAddress> {
        let call = client.raw().get_customer_address(self.customer.get());
        let address = client.run(operation::GET_CUSTOMER_ADDRESS, call).await?;
        Ok(address.into_inner())
    }
}

/// Creates the address; see [`Address::create`].
#[derive(Clone, Debug)]
pub struct CreateCustomerAddress {
    customer: CustomerId,
    address: CreateAddressBody,
}

impl Operation for CreateCustomerAddress {
    type Output = ();

    async fn execute(self, client: &Client, _: Sealed) -> Result<()> {
        let call = client
            .raw()
            .create_customer_address(self.customer.get(), &self.address);
        client.run(operation::CREATE_CUSTOMER_ADDRESS, call).await?;
        Ok(())
    }
}

/// Replaces the address; see [`Address::update`].
#[derive(Clone, Debug)]
pub struct UpdateCustomerAddress {
    customer: CustomerId,
    address: UpdateAddressBody,
}

impl Operation for UpdateCustomerAddress {
    type Output = ();

    async fn execute(self, client: &Client, _: Sealed) -> Result<()> {
        let call = client
            .raw()
            .update_customer_address(self.customer.get(), &self.address);
        client.run(operation::UPDATE_CUSTOMER_ADDRESS, call).await?;
        Ok(())
    }
}

/// Removes the address; see [`Address::delete`].
#[derive(Clone, Debug)]
pub struct DeleteCustomerAddress {
    customer: CustomerId,
}

impl Operation for DeleteCustomerAddress {
    type Output = ();

    async fn execute(self, client: &Client, _: Sealed) -> Result<()> {
        let call = client.raw().delete_customer_address(self.customer.get());
        client.run(operation::DELETE_CUSTOMER_ADDRESS, call).await?;
        Ok(())
    }
}

impl From<CreateAddressBody> for UpdateAddressBody {
    fn from(address: CreateAddressBody) -> Self {
        Self {
            city: address.city,
            country: address.country,
            lines: address.lines,
            postal_code: address.postal_code,
            state: address.state,
        }
    }
}

impl From<CustomerAddress> for UpdateAddressBody {
    fn from(address: CustomerAddress) -> Self {
        Self {
            city: address.city,
            country: address.country,
            lines: address.lines,
            postal_code: address.postal_code,
            state: address.state,
        }
    }
}
